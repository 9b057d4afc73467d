using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Remask.Core.Benchmarks;
using Remask.Core.Datasets;
using Remask.Core.Datasets.Preprocessed;
using Remask.Core.Imaging;
using Remask.Imaging.Skia;

namespace Remask.Bench;

/// <summary>
/// JPEG decoding for real-size data (issue 10, docs/datasets.md): ms per ISIC-size JPEG with the managed stb_image
/// decoder and with libjpeg-turbo (SkiaSharp), full size and DCT-scaled for a training size of 64 and 256, beside
/// OpenCV's decode of the same bytes in the same session (bench/jpeg/opencv_decode.py, when python3-opencv is
/// installed); the PNG mask read whole and row by row; then the preprocessed cache's first pass (<c>train --cache</c>)
/// over N images of the folder on all cores, and for ratios within the run over N_WHOLE images with masks decoded whole
/// (the first pass before masks were read row by row) and N_STB with stb_image.
/// Goals: the full decode no slower than 1.5x OpenCV's; the first pass on 2,000 such images under 60 s.
/// The folder is an ISIC 2017 layout written by bench/jpeg/make_isic_jpegs.py.
/// </summary>
internal static class JpegBench
{
    public static int Run(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine("usage: jpeg DIR [N (first pass, libjpeg-turbo; default 200)] [N_STB (first pass, stb_image; default 50, 0: skip)] [SECONDS per timing] " +
                "[N_WHOLE (first pass with masks decoded whole, as before they were read row by row; default 300, 0: skip)]");
            return 2;
        }
        string root = args[0];
        int n = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;
        int nStb = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 50;
        double seconds = args.Length > 3 ? double.Parse(args[3], CultureInfo.InvariantCulture) : 3;
        int nWhole = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 300;
        var split = DatasetDiscovery.Discover(root).TrainSplit();
        string file = split.Samples[0].ImagePath;
        byte[] bytes = File.ReadAllBytes(file);
        var (w, h, _) = ImageFiles.ReadHeader(file);
        Console.WriteLine($"Remask JPEG bench: {Path.GetFileName(file)}, {w}x{h}, {bytes.Length / 1024} KiB, {Environment.ProcessorCount} cores, " +
            $"{RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}");
        Console.WriteLine($"load average before: {MachineState.LoadAverageText()}");
        Console.WriteLine();

        IJpegDecoder stb = StbJpegDecoder.Instance, skia = SkiaJpegDecoder.Instance;
        var (max, mean) = RasterDifference.Of(JpegReader.Decode(bytes, file, 0, skia).Raster, JpegReader.Decode(bytes, file, 0, stb).Raster);
        Console.WriteLine($"libjpeg-turbo against stb_image, full size: max {max}, mean {mean:F3} levels of 255");
        var (opencv, cvVersion) = OpenCv(file, seconds);
        double? cvFull = opencv?["full"];
        Timing.Result Time(string name, IJpegDecoder d, int atLeast) => Timing.Measure(name, () => JpegReader.Decode(bytes, file, atLeast, d), seconds: seconds);
        var results = new List<(Timing.Result Result, double? Target)>
        {
            (Time("stb_image, full size", stb, 0), null),
            (Time("libjpeg-turbo, full size", skia, 0), cvFull * 1.5),
            (Time("libjpeg-turbo, >= 64 px (1/8)", skia, 64), null),
            (Time("libjpeg-turbo, >= 256 px (1/4)", skia, 256), null),
        };
        JpegReader.Decoder = skia;
        string? mask = split.Samples[0].MaskPath;
        results.Add((Timing.Measure("libjpeg-turbo, file to [0, 1] image >= 64 px (ImageFiles.ReadImage)", () => ImageFiles.ReadImage(file, 64), seconds: seconds), null));
        if (mask is not null)
        {
            var rule = ForegroundRule.AnyPositive;
            results.Add((Timing.Measure($"its {w}x{h} PNG mask to 64 x 64, full decode (the first pass before: ReadLabels, ToMask, Resize.Nearest)",
                () => Resize.Nearest(RasterConversions.ToMask(ImageFiles.ReadLabels(mask), rule), 64, 64), seconds: seconds), null));
            results.Add((Timing.Measure($"its {w}x{h} PNG mask, full size, row by row (ImageFiles.ReadMask)", () => ImageFiles.ReadMask(mask, rule), seconds: seconds), null));
            results.Add((Timing.Measure($"its {w}x{h} PNG mask to 64 x 64 as it is read (the first pass: ImageFiles.ReadMask with a size)",
                () => ImageFiles.ReadMask(mask, rule, 64, 64), seconds: seconds), null));
        }
        bool met = Timing.PrintTable(results);
        if (opencv is not null)
        {
            Console.WriteLine();
            Console.WriteLine($"OpenCV {cvVersion} (cv2.imdecode of the same bytes, this session): full {cvFull:F1} ms, " +
                $"IMREAD_REDUCED_COLOR_4 {opencv["reduced_4"]:F1} ms, IMREAD_REDUCED_COLOR_8 {opencv["reduced_8"]:F1} ms");
            double Ratio(int i) => results[i].Result.MedianMs;   // rows: stb, full, 1/8, 1/4
            Console.WriteLine($"PIL (the system libjpeg-turbo, with SIMD; the same bytes): full {opencv["pil_full"]:F1} ms, draft to >= 64 px + resize to 64 x 64 {opencv["pil_draft_64"]:F1} ms");
            Console.WriteLine($"ratios to OpenCV full: stb_image {Ratio(0) / cvFull:F2}x, libjpeg-turbo {Ratio(1) / cvFull:F2}x (goal <= 1.5x); " +
                $"1/8 against REDUCED_8 {Ratio(2) / opencv["reduced_8"]:F2}x, 1/4 against REDUCED_4 {Ratio(3) / opencv["reduced_4"]:F2}x; " +
                $"libjpeg-turbo full against PIL full {Ratio(1) / opencv["pil_full"]:F2}x");
        }
        else Console.WriteLine("(no OpenCV: apt-get install -y python3-opencv for the comparison)");

        Console.WriteLine();
        Console.WriteLine($"load average before the first passes: {MachineState.LoadAverageText()}");
        double skiaSeconds = FirstPass(split, Math.Min(n, split.Samples.Count), 64, skia);
        double perImage = skiaSeconds / Math.Min(n, split.Samples.Count);
        Console.WriteLine($"  -> 2,000 images: about {perImage * 2000:F0} s (goal < 60 s)");
        if (nWhole > 0)
        {
            int m = Math.Min(nWhole, split.Samples.Count);
            double whole = FirstPass(split, m, 64, skia, wholeMasks: true) / m;
            Console.WriteLine($"  -> masks decoded whole, as before: {whole * 1000:F0} ms per image, {whole / perImage:F1}x the row-by-row pass above");
        }
        if (nStb > 0) FirstPass(split, Math.Min(nStb, split.Samples.Count), 64, stb);
        Console.WriteLine($"load average after: {MachineState.LoadAverageText()}");
        return met && perImage * 2000 < 60 ? 0 : 1;
    }

    /// <summary>The cache's first pass as <c>train --cache --size SIZE</c> runs it: images and masks read at the
    /// training size on all cores, written to a new cache entry in a temporary folder (deleted after).</summary>
    /// <param name="wholeMasks">Masks decoded whole and then resized, as the first pass did before masks were read
    /// row by row (<see cref="WholeMasks"/>).</param>
    private static double FirstPass(DatasetSplit split, int n, int size, IJpegDecoder decoder, bool wholeMasks = false)
    {
        JpegReader.Decoder = decoder;
        var refs = split.Samples.Take(n).ToList();
        string cache = Directory.CreateTempSubdirectory("remask-jpeg-bench-").FullName;
        try
        {
            var process = Process.GetCurrentProcess();
            TimeSpan cpu = process.TotalProcessorTime;
            int gen2 = GC.CollectionCount(2);
            long allocated = GC.GetTotalAllocatedBytes();
            var clock = Stopwatch.StartNew();
            ISampleSet set = wholeMasks ? new WholeMasks(refs, size) : new FileSampleSet(refs, ForegroundRule.AnyPositive, cacheSize: 0, size: size);
            using var entry = PreprocessedCache.Open(set, refs, [], size, "jpeg " + decoder.Name, cache);
            double s = clock.Elapsed.TotalSeconds;
            process.Refresh();
            double cpuSeconds = (process.TotalProcessorTime - cpu).TotalSeconds;
            Console.WriteLine($"cache first pass, {decoder.Name}{(wholeMasks ? ", masks decoded whole" : "")}, size {size}: {n} images in {s:F1} s, {1000 * s / n:F0} ms per image (image + mask); " +
                $"CPU {cpuSeconds:F1} s ({1000 * cpuSeconds / n:F0} ms per image), {GC.CollectionCount(2) - gen2} gen-2 collections, " +
                $"{(GC.GetTotalAllocatedBytes() - allocated) / (1024.0 * 1024 * n):F1} MiB allocated per image");
            return s;
        }
        finally
        {
            Directory.Delete(cache, recursive: true);
        }
    }

    /// <summary>Medians from bench/jpeg/opencv_decode.py, or null when OpenCV is not installed.</summary>
    private static (Dictionary<string, double>? Medians, string? Version) OpenCv(string file, double seconds)
    {
        string script = Path.Combine(AppContext.BaseDirectory, "opencv_decode.py");
        try
        {
            var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
            psi.ArgumentList.Add(script);
            psi.ArgumentList.Add(file);
            psi.ArgumentList.Add(seconds.ToString(CultureInfo.InvariantCulture));
            using var p = Process.Start(psi)!;
            string text = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0) return (null, null);
            using var json = JsonDocument.Parse(text);
            var medians = json.RootElement.EnumerateObject().Where(e => e.Value.ValueKind == JsonValueKind.Number)
                .ToDictionary(e => e.Name, e => e.Value.GetDouble());
            return (medians, json.RootElement.GetProperty("opencv").GetString());
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (null, null);
        }
    }

    /// <summary>The first pass's samples as they were read before masks were read row by row: the image as
    /// <see cref="FileSampleSet"/> reads it at the training size, the mask decoded whole (<see cref="ImageFiles.ReadLabels"/>,
    /// <see cref="RasterConversions.ToMask"/>) and then resized by nearest neighbour.</summary>
    private sealed class WholeMasks(IReadOnlyList<SampleRef> refs, int size) : ISampleSet
    {
        public int Count => refs.Count;

        public string NameOf(int index) => refs[index].Name;

        public Sample Load(int index)
        {
            SampleRef r = refs[index];
            var (image, width, height) = ImageFiles.ReadImage(r.ImagePath, size);
            Mask mask = RasterConversions.ToMask(ImageFiles.ReadLabels(r.MaskPath!), ForegroundRule.AnyPositive);
            return new Sample(r.Name, Resize.Bilinear(image, size, size), Resize.Nearest(mask, size, size)) { StoredSize = (width, height) };
        }
    }
}
