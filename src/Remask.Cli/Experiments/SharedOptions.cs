using System.Globalization;
using System.Reflection;
using Remask.Cli.Commands;
using Spectre.Console.Cli;

namespace Remask.Cli.Experiments;

/// <summary>
/// The options <c>experiment</c> shares with <c>train</c> (<see cref="ForegroundSettings"/>, <see cref="DatasetSettings"/>,
/// <see cref="RelabelingSettings"/>): every option property those classes declare, found by reflection, so that an
/// option added to them reaches every cell and experiment.json without a list to keep in step by hand.
/// </summary>
internal static class SharedOptions
{
    internal static readonly PropertyInfo[] Properties =
        [.. new[] { typeof(ForegroundSettings), typeof(DatasetSettings), typeof(RelabelingSettings) }
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(p => p.GetCustomAttribute<CommandOptionAttribute>() is not null)];

    /// <summary>Sets every shared option of <paramref name="to"/> to its value in <paramref name="from"/>.</summary>
    public static T CopyTo<T>(RelabelingSettings from, T to) where T : RelabelingSettings
    {
        foreach (var p in Properties) p.SetValue(to, p.GetValue(from));
        return to;
    }

    /// <summary>The shared options of <paramref name="s"/> that differ from their defaults, by long option name without
    /// the dashes (<c>snap-weight</c>), as invariant text, leaving out <paramref name="except"/> (options recorded
    /// elsewhere); null when there are none.</summary>
    public static SortedDictionary<string, string>? NonDefault(RelabelingSettings s, params string[] except)
    {
        object defaults = Activator.CreateInstance(s.GetType())!;
        var options = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in Properties)
        {
            string name = p.GetCustomAttribute<CommandOptionAttribute>()!.LongNames[0];
            object? value = p.GetValue(s);
            if (except.Contains(name) || Equals(value, p.GetValue(defaults))) continue;
            options[name] = Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
        }
        return options.Count > 0 ? options : null;
    }
}
