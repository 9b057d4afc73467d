using System.Globalization;
using System.Text;
using System.Text.Json;
using Remask.Core;
using Remask.Core.Datasets;
using Remask.Core.Imaging;
using Remask.Core.IO;
using Remask.Core.Uncertainty;
using Remask.Reports;
using Remask.Torch.Inference;
using Remask.Torch.Training;
using Remask.Torch.Uncertainty;

namespace Remask.Cli.Commands;

/// <summary>
/// What <c>remask uncertainty</c> writes, all at each image's original size: aleatoric/, epistemic/ (16-bit PNG,
/// round(U / 0.25 · 65535)), mean/ (16-bit, round(p · 65535)), heatmap/ (8-bit RGB: inferno of the aleatoric map
/// over the image), uncertainty.csv (one row per image) and summary.json (method, samples, precision, means, AUROC); for slices of volumes (Decathlon) also
/// volumes/{aleatoric,epistemic,mean}/NAME.nii.gz (float32, the image volume's affine; <see cref="SliceMapVolumes"/>).
/// The folder appears only when complete.
/// </summary>
internal sealed class UncertaintyOutput(ISampleSet set, IBatchSampler sampler, IMaskSource? noisy, (int Views, int PerView)? groups,
    InferencePrecision precision)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Opens <paramref name="model"/>'s sampler for <paramref name="method"/> (dispose it after writing) and the
    /// output of its maps of <paramref name="set"/>; shared by <c>remask uncertainty</c> and <c>remask experiment</c>
    /// (which scores each uncorrected model's maps as detectors of the wrong training labels). <paramref name="precision"/> is
    /// resolved (fp32 or bf16) and recorded in summary.json.</summary>
    public static (OpenedSampler Sampler, UncertaintyOutput Output) Open(ISampleSet set, string model, string method, int? samples, long seed, IMaskSource? noisy,
        InferencePrecision precision = InferencePrecision.Fp32)
    {
        var sampler = OpenedSampler.Open(model, method, samples, seed, precision);
        var groups = method == "tta+mcdo" ? (8, sampler.Sampler.Samples / 8) : ((int, int)?)null;
        return (sampler, new UncertaintyOutput(set, sampler.Sampler, noisy, groups, precision));
    }

    /// <summary>Writes everything; returns the summary lines for standard output.</summary>
    public IReadOnlyList<string> WriteAll(string outDirectory, bool overwrite, int batchSize, IProgress<(int Done, int Total)>? progress,
        CancellationToken cancellation)
    {
        var lines = new List<string>();
        AtomicOutput.WriteDirectory(outDirectory, overwrite, dir =>
        {
            string[] folders = ["aleatoric", "epistemic", "mean", "heatmap"];
            foreach (string f in folders) Directory.CreateDirectory(Path.Combine(dir, f));
            var detection = noisy is null ? null : new WrongLabelDetection();
            var csv = new StringBuilder(Header());
            var sums = new double[4];
            double sumBetween = 0, sumWithin = 0;
            int done = 0;
            // Slices of volumes (Decathlon): the maps also as volumes on the image's grid, volumes/MAP/NAME.nii.gz.
            var slices = set as VolumeSliceSampleSet;
            var volumes = slices is null ? null : new SliceMapVolumes(Path.Combine(dir, "volumes"), ["aleatoric", "epistemic", "mean"]);
            foreach (var stack in UncertaintyRunner.Run(sampler, set, batchSize, cancellation: cancellation))
            {
                var sample = set.Load(stack.Index);
                float[] full = stack.StackAtOriginalSize();
                var maps = UncertaintyMaps.Compute(full, stack.Samples, stack.Width, stack.Height);
                string file = ContainedPath.PlainName(stack.Name, dir) + ".png";
                PngWriter.Write(Path.Combine(dir, "aleatoric", file), Sixteen(maps.Aleatoric, 0.25f, maps));
                PngWriter.Write(Path.Combine(dir, "epistemic", file), Sixteen(maps.Epistemic, 0.25f, maps));
                PngWriter.Write(Path.Combine(dir, "mean", file), Sixteen(maps.Mean, 1f, maps));
                PngWriter.Write(Path.Combine(dir, "heatmap", file), Inferno.Overlay(sample.Image, maps.Aleatoric, 0.25f));
                if (volumes is not null && MaskFolderReader.SliceOf(stack.Name) is var (volume, z))
                    volumes.Add(volume, slices!.VolumeOf(stack.Index), z, [maps.Aleatoric, maps.Epistemic, maps.Mean]);

                var row = new List<string> { stack.Name, stack.Width.ToString(Inv), stack.Height.ToString(Inv) };
                var kinds = WrongLabelDetection.Detectors;
                for (int k = 0; k < kinds.Count; k++)
                {
                    double s = CumulativeUncertainty.Sum(maps.Of(kinds[k].Kind));
                    sums[k] += s;
                    row.Add(F(s));
                }
                if (groups is { } g)
                {
                    var split = VarianceDecomposition.Compute(full, g.Views, g.PerView, stack.Width, stack.Height);
                    double b = CumulativeUncertainty.Sum(split.BetweenGroups), w = CumulativeUncertainty.Sum(split.WithinGroups);
                    sumBetween += b;
                    sumWithin += w;
                    row.Add(F(b));
                    row.Add(F(w));
                }
                if (detection is not null)
                {
                    var (auroc, wrong) = detection.Add(maps, WrongLabels(sample));
                    row.Add(wrong.ToString(Inv));
                    row.AddRange(auroc.Select(F));
                }
                csv.Append(string.Join(',', row)).Append('\n');
                progress?.Report((++done, set.Count));
            }
            volumes?.Flush(cancellation);
            AtomicOutput.WriteAllText(Path.Combine(dir, "uncertainty.csv"), csv.ToString());

            var summary = new Dictionary<string, object?>
            {
                ["method"] = sampler.Method, ["samples"] = sampler.Samples, ["precision"] = PrecisionChoice.NameOf(precision), ["images"] = done,
            };
            for (int k = 0; k < sums.Length; k++) summary[$"mean_sum_{Snake(WrongLabelDetection.Detectors[k].Kind)}"] = sums[k] / done;
            lines.Add("mean cumulative uncertainty per image: " + string.Join(", ",
                WrongLabelDetection.Detectors.Select((d, k) => $"{Snake(d.Kind)} {F(sums[k] / done)}")));
            if (groups is not null)
            {
                summary["mean_sum_between_views"] = sumBetween / done;
                summary["mean_sum_within_views"] = sumWithin / done;
                lines.Add($"variance split: between views (augmentation) {F(sumBetween / done)}, within views (dropout) {F(sumWithin / done)}");
            }
            if (detection is not null)
            {
                var pooled = detection.Pooled();
                summary["pixels"] = detection.Pixels;
                summary["wrong_pixels"] = detection.WrongPixels;
                for (int k = 0; k < pooled.Length; k++) summary[$"auroc_{Snake(WrongLabelDetection.Detectors[k].Kind)}"] = pooled[k];
                lines.Add($"wrong-label detection, pixel AUROC over {detection.Pixels} pixels ({detection.WrongPixels} wrong): " + string.Join(", ",
                    WrongLabelDetection.Detectors.Select((d, k) => $"{Snake(d.Kind)} {pooled[k].ToString("F4", Inv)}")));
            }
            AtomicOutput.WriteAllText(Path.Combine(dir, "summary.json"),
                JsonSerializer.Serialize(summary, new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals }) + "\n");
        });
        return lines;
    }

    private string Header()
    {
        var cols = new List<string> { "name", "width", "height" };
        cols.AddRange(WrongLabelDetection.Detectors.Select(d => "sum_" + Snake(d.Kind)));
        if (groups is not null) cols.AddRange(["sum_between_views", "sum_within_views"]);
        if (noisy is not null)
        {
            cols.Add("wrong_pixels");
            cols.AddRange(WrongLabelDetection.Detectors.Select(d => "auroc_" + Snake(d.Kind)));
        }
        return string.Join(',', cols) + "\n";
    }

    private byte[] WrongLabels(Sample sample)
    {
        var clean = sample.Mask ?? throw new RemaskDataException(sample.Name, "image has no clean mask; --masks needs a dataset whose masks are the clean ones");
        var mask = noisy!.TryLoad(sample.Name) ?? throw new RemaskDataException(noisy.Location, $"no mask for image '{sample.Name}'");
        if (mask.Width != clean.Width || mask.Height != clean.Height)
            throw new RemaskDataException(Path.Combine(noisy.Location, sample.Name), $"mask is {mask.Width}x{mask.Height} but its image is {clean.Width}x{clean.Height}");
        return WrongLabelDetection.WrongLabels(mask, clean);
    }

    /// <summary>round(v / max · 65535) as a 16-bit gray raster.</summary>
    private static Raster Sixteen(float[] values, float max, UncertaintyMaps maps)
    {
        var samples = new ushort[values.Length];
        for (int i = 0; i < values.Length; i++) samples[i] = (ushort)MathF.Round(Math.Clamp(values[i] / max, 0f, 1f) * 65535f);
        return new Raster(maps.Width, maps.Height, 1, 16, samples);
    }

    private static string F(double v) => double.IsNaN(v) ? "" : v.ToString("G6", Inv);

    private static string Snake(UncertaintyKind kind) => kind switch
    {
        UncertaintyKind.MutualInformation => "mutual_information",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
