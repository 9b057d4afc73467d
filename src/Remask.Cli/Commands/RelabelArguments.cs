using System.Globalization;
using static System.FormattableString;
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
    public static RelabelOptions Parse(RelabelingSettings s, string at, int rounds)
    {
        var options = new RelabelOptions { Uncertainty = s.Uncertainty, Samples = s.Samples, Rounds = rounds, Flip = Flip(s) };
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

    public static RelabelSettings Flip(RelabelingSettings s)
    {
        string? policy = s.Flip, threshold = s.Threshold;
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
        if (s.Margin is double margin)
        {
            if (settings.Policy is not (FlipPolicy.Region or FlipPolicy.ConfidentDisagree))
                throw new RemaskUsageException($"--margin applies to the region and confident-disagree policies, not {policy}");
            settings = settings with { Margin = margin };
        }
        if (s.Floor is string floor)
            settings = settings with { FloorMargin = RegionValue<double>(floor, "--floor", "a number in [0, 0.5] or off", settings, policy,
                t => double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && v >= 0 && v <= 0.5 ? v : null) };
        if (s.FloorRadius is int floorRadius)
        {
            if (floorRadius < 0) throw new RemaskUsageException($"--floor-radius must be 0 or more, got {floorRadius}");
            settings = settings with { FloorRadius = floorRadius };
        }
        if (s.Snap is string snap)
            settings = settings with { SnapRadius = RegionValue<int>(snap, "--snap", "a radius of 1 or more pixels, or off", settings, policy,
                t => int.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) && v >= 1 ? v : null) };
        if (s.SnapWeight is double weight)
        {
            if (settings.Policy != FlipPolicy.Region) throw new RemaskUsageException($"--snap-weight applies to the region policy, not {policy}");
            if (!(weight >= 0) || double.IsInfinity(weight)) throw new RemaskUsageException(Invariant($"--snap-weight must be a finite number ≥ 0, got {weight}"));
            if (settings.SnapRadius is null) throw new RemaskUsageException("--snap-weight weighs the edge snap's outline; it needs --snap");
            settings = settings with { SnapWeight = weight };
        }
        if (s.SnapAlignment is string alignment)
        {
            settings = settings with { SnapAlignment = RegionValue<double>(alignment, "--snap-alignment", "a number above 0, or off", settings, policy,
                t => double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && v > 0 && !double.IsInfinity(v) ? v : null) };
            if (settings.SnapAlignment is not null && settings.SnapRadius is null)
                throw new RemaskUsageException("--snap-alignment decides which images the edge snap moves; it needs --snap");
        }
        if (s.Appearance is string appearance)
            settings = settings with { AppearanceZ = RegionValue<double>(appearance, "--appearance", "a number of standard errors, 0 or more, or off", settings, policy,
                t => double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && v >= 0 && !double.IsInfinity(v) ? v : null) };
        if (s.RelabelEmpty && settings.Guard is { } guard) settings = settings with { Guard = guard with { KeepEmpty = false } };
        if (s.AddObjects) settings = settings with { AddObjects = true };
        if (s.NoGuard) settings = settings with { Guard = null };
        settings.Validate();
        return settings;
    }

    /// <summary>
    /// A region-policy option given as a value or off (--floor, --snap, --appearance): null for off, else the value
    /// <paramref name="parse"/> accepts; a value it refuses, or any value with another policy, is a usage error naming
    /// the option.
    /// </summary>
    private static T? RegionValue<T>(string text, string option, string expected, RelabelSettings settings, string? policy, Func<string, T?> parse)
        where T : struct
    {
        if (text == "off") return null;
        if (parse(text) is not { } value) throw new RemaskUsageException($"{option}: expected {expected}, got '{text}'");
        if (settings.Policy != FlipPolicy.Region) throw new RemaskUsageException($"{option} applies to the region policy, not {policy}");
        return value;
    }
}
