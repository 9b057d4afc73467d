using System.Text.Json;
using Remask.Core.Imaging;
using Remask.Core.IO;

namespace Remask.Core.Datasets;

/// <summary>
/// The note Remask leaves in every mask folder it writes (noisy, repaired, predicted, cleaned-up masks):
/// <c>remask-masks.json</c>, saying which verb wrote the masks and that they are 0/255 (0/1 in label volumes). A folder with the note is
/// read with "value &gt; 0", whatever <c>--foreground</c> says about the dataset's own masks: with
/// <c>--foreground 1</c> on 0/1 label maps, 0/255 masks would otherwise be read back as empty.
/// </summary>
public static class DerivedMaskStamp
{
    /// <summary>The note's file name, <c>remask-masks.json</c>, directly in the mask folder.</summary>
    public const string FileName = "remask-masks.json";

    /// <summary>Writes the note into <paramref name="folder"/> (a folder being built, before it is moved into place).</summary>
    public static void Write(string folder, string writtenBy, string values = "0 background, 255 foreground") =>
        AtomicOutput.WriteAllText(Path.Combine(folder, FileName), JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["written_by"] = writtenBy,
            ["values"] = values,
            ["foreground"] = ForegroundRule.AnyPositive.ToString(),
        }) + "\n");

    /// <summary>True when <paramref name="folder"/> holds the note, i.e. Remask wrote its masks.</summary>
    public static bool IsDerived(string folder) => File.Exists(Path.Combine(folder, FileName));

    /// <summary>The rule to read <paramref name="folder"/> with: "value &gt; 0" for a folder Remask wrote, else <paramref name="given"/>.</summary>
    public static ForegroundRule RuleFor(string folder, ForegroundRule given) =>
        IsDerived(folder) ? ForegroundRule.AnyPositive : given;
}
