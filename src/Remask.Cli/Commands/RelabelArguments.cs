using System.Globalization;
using Remask.Core;
using Remask.Core.Relabeling;
using Remask.Torch.Relabeling;

namespace Remask.Cli.Commands;

/// <summary>Turns the relabeling options of the command line (train --method relabel, relabel) into <see cref="RelabelOptions"/>.</summary>
internal static class RelabelArguments
{
    public static readonly string[] Policies = ["paper", "mean-prediction", "confident-disagree", "band", "region"];

    /// <param name="at">auto | adele | clean-subset | an epoch number.</param>
    /// <param name="threshold">A δ, or auto (chosen per image by Otsu), or null for the policy's default.</param>
    public static RelabelOptions Parse(string uncertainty, int? samples, string at, string? threshold, string? flip, int rounds, bool noGuard)
    {
        var options = new RelabelOptions { Uncertainty = uncertainty, Samples = samples, Rounds = rounds, Flip = Flip(flip, threshold, noGuard) };
        options = at switch
        {
            "auto" => options with { Trigger = RelabelTrigger.Auto },
            "adele" => options with { Trigger = RelabelTrigger.Adele },
            "clean-subset" => options with { Trigger = RelabelTrigger.CleanSubset },
            _ when int.TryParse(at, NumberStyles.Integer, CultureInfo.InvariantCulture, out int e) => options with { Trigger = RelabelTrigger.Fixed, FixedEpoch = e },
            _ => throw new RemaskUsageException($"--relabel-at: expected auto, adele, clean-subset or an epoch number, got '{at}'"),
        };
        options.Validate();
        return options;
    }

    public static RelabelSettings Flip(string? policy, string? threshold, bool noGuard)
    {
        var settings = RelabelOptions.DefaultFlip;
        if (policy is not null)
        {
            var parsed = policy switch
            {
                "paper" => FlipPolicy.Paper,
                "mean-prediction" => FlipPolicy.MeanPrediction,
                "confident-disagree" => FlipPolicy.ConfidentDisagree,
                "band" => FlipPolicy.Band,
                "region" => FlipPolicy.Region,
                _ => throw new RemaskUsageException($"--flip: unknown policy '{policy}' (expected one of: {string.Join(", ", Policies)})"),
            };
            if (parsed != settings.Policy) settings = new RelabelSettings(parsed) { Guard = settings.Guard };
        }
        if (threshold is not null && threshold != "auto")
        {
            if (!double.TryParse(threshold, NumberStyles.Float, CultureInfo.InvariantCulture, out double delta) || !(delta >= 0))
                throw new RemaskUsageException($"--threshold: expected a number ≥ 0 or auto, got '{threshold}'");
            settings = settings with { Delta = delta };
            if (AutomaticDelta.WarningFor(delta) is string warning) Console.Error.WriteLine($"warning: --threshold {threshold}: {warning}");
        }
        else if (threshold == "auto")
        {
            settings = settings with { Delta = null };
        }
        if (noGuard) settings = settings with { Guard = null };
        settings.Validate();
        return settings;
    }
}
