// Times NiftiReader on a synthetic CT-like int16 .nii.gz (default 512 x 512 x 200, as a Decathlon liver volume).
// Usage: dotnet run -c Release --project bench/NiftiReadBench -- [nz] [repeats] [file to keep]
// Also times plain gzip decompression of the same file (the floor for any .nii.gz reader).
using System.Diagnostics;
using Remask.Core.Formats;

int nz = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 200;
int repeats = Math.Max(2, args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5);
string path = args.Length > 2 ? args[2] : Path.Combine(Path.GetTempPath(), $"remask-bench-{Environment.ProcessId}.nii.gz");
const int nx = 512, ny = 512;

var values = SyntheticCt(nx, ny, nz);
var volume = new NiftiVolume(nx, ny, nz, new VoxelSpacing(0.7, 0.7, 2.5),
    Affine4x4.Diagonal(-0.7, -0.7, 2.5, 180, 180, -400), NiftiDatatype.Int16, values);
var sw = Stopwatch.StartNew();
NiftiWriter.Write(path, volume);
double writeSeconds = sw.Elapsed.TotalSeconds;
long bytes = new FileInfo(path).Length;
long raw = 352 + 2L * nx * ny * nz;
Console.WriteLine($"wrote {path}: {nx}x{ny}x{nz} int16, {bytes / 1e6:F1} MB gzipped ({raw / 1e6:F1} MB raw) in {writeSeconds:F2} s");

sw.Restart();
var header = NiftiReader.ReadHeader(path);
double firstHeaderMs = sw.Elapsed.TotalMilliseconds;
sw.Restart();
for (int r = 0; r < 10; r++) header = NiftiReader.ReadHeader(path);
Console.WriteLine($"ReadHeader: first {firstHeaderMs:F1} ms (with JIT), then {sw.Elapsed.TotalMilliseconds / 10:F2} ms each ({header})");

// First read in the process ("cold": the float array lands on memory the process never touched), then reads after
// the previous volume was dropped and collected ("warm": as a dataset loop that reads one volume after another).
var times = new List<double>();
for (int r = 0; r < repeats; r++)
{
    GC.Collect();
    GC.WaitForPendingFinalizers();
    sw.Restart();
    var v = NiftiReader.Read(path);
    times.Add(sw.Elapsed.TotalSeconds);
    if (v.VoxelCount != values.Length || v.Values[12345] != values[12345]) throw new InvalidOperationException("read back differs");
}
double cold = times[0];
var warm = times.Skip(1).Order().ToList();
var gzTimes = new List<double>();
for (int r = 0; r < repeats; r++)
{
    sw.Restart();
    using (var f = File.OpenRead(path))
    using (var gz = new System.IO.Compression.GZipStream(f, System.IO.Compression.CompressionMode.Decompress))
        gz.CopyTo(Stream.Null, 1 << 20);
    gzTimes.Add(sw.Elapsed.TotalSeconds);
}
gzTimes.Sort();
Console.WriteLine($"gzip decompression alone (GZipStream.CopyTo(Stream.Null)) x{repeats}: median {gzTimes[gzTimes.Count / 2]:F3} s, best {gzTimes[0]:F3} s");
Console.WriteLine($"NiftiReader.Read: cold (first in process) {cold:F3} s; warm x{warm.Count}: median {warm[warm.Count / 2]:F3} s, " +
                  $"best {warm[0]:F3} s, worst {warm[^1]:F3} s");
if (args.Length <= 2) File.Delete(path);

// A body-like ellipse of soft tissue (~40 HU) with a brighter organ, air outside (-1000 HU) and noise of ±20 HU,
// so that gzip sees data that compresses like real CT (not random bytes, not constant).
static float[] SyntheticCt(int nx, int ny, int nz)
{
    var v = new float[nx * ny * nz];
    var rng = new Random(2021);
    for (int z = 0; z < nz; z++)
        for (int y = 0; y < ny; y++)
            for (int x = 0; x < nx; x++)
            {
                double bx = (x - nx / 2.0) / (nx * 0.42), by = (y - ny / 2.0) / (ny * 0.32);
                double ox = (x - nx * 0.35) / (nx * 0.15), oy = (y - ny * 0.45) / (ny * 0.12);
                float hu = bx * bx + by * by > 1 ? -1000 : ox * ox + oy * oy < 1 ? 90 : 40;
                v[x + nx * (y + ny * z)] = hu + (hu > -1000 ? rng.Next(-20, 21) : 0);
            }
    return v;
}
