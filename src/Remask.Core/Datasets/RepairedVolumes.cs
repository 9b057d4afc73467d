using Remask.Core.Formats;
using Remask.Core.Imaging;
using Remask.Core.IO;

namespace Remask.Core.Datasets;

/// <summary>
/// Label volumes from relabeled axial slices: for a dataset read as slices of NIfTI volumes (Decathlon), the relabel
/// step writes one mask per slice (VOLUME_zNNN.png); a user wants the repaired labels as volumes under the input
/// volumes' own names. Each output volume starts as the binary foreground of its source label volume (slices that were
/// not relabeled, such as the empty slices training left out, keep their input labels), the relabeled slices are put
/// back into stored voxel order (<see cref="SliceOrientation.Restore"/>, the orientation the slices were cut with), and
/// it is written as a copy of the source's header (<see cref="NiftiMaskWriter"/>: same affine, voxels 0 or 1).
/// </summary>
public static class RepairedVolumes
{
    /// <summary>One volume to write: its name (VOLUME in VOLUME_zNNN), the label volume that was relabeled, the rule that
    /// reads it, and the orientation its slices were cut with (the image volume's).</summary>
    public sealed record Source(string Volume, string LabelPath, ForegroundRule Rule, SliceOrientation Orientation);

    /// <summary>The label volumes behind the slice samples of <paramref name="set"/>: those of <paramref name="inputMasks"/>
    /// (the masks given with --masks) when it holds volumes, else the dataset's own; the orientation comes from the
    /// image volume's header, as <see cref="VolumeSliceSampleSet"/> cuts slices. Empty when the set is not made of
    /// volume slices or the masks are not volumes.</summary>
    public static IReadOnlyList<Source> Of(ISampleSet set, MaskFolderReader? inputMasks)
    {
        if (set is not VolumeSliceSampleSet volumes) return [];
        var sources = new Dictionary<string, Source>(StringComparer.Ordinal);
        for (int i = 0; i < set.Count; i++)
        {
            string name = set.NameOf(i);
            if (MaskFolderReader.SliceOf(name) is not var (volume, _) || sources.ContainsKey(volume)) continue;
            var (label, rule) = inputMasks is null ? (volumes.LabelPathOf(i), volumes.Foreground) : (inputMasks.PathOf(name), inputMasks.Rule);
            if (label is null || !DatasetFiles.IsVolumeFile(label)) continue;
            sources[volume] = new Source(volume, label, rule, SliceOrientation.FromAffine(NiftiReader.ReadHeader(volumes.VolumeOf(i)).Affine));
        }
        return sources.Values.OrderBy(s => s.Volume, StringComparer.Ordinal).ToList();
    }

    /// <summary>Writes OUT/(the source's file name) for every source, atomically as one folder, with the
    /// <see cref="DerivedMaskStamp"/> note. A relabeled slice whose size is not the volume's slice size is an error
    /// naming the slice file.</summary>
    public static void Write(string sliceFolder, IReadOnlyList<Source> sources, string outDirectory, bool overwrite,
        CancellationToken cancellationToken = default)
    {
        AtomicOutput.WriteDirectory(outDirectory, overwrite, dir =>
        {
            DerivedMaskStamp.Write(dir, "relabel", "label volumes: 0 background, 1 foreground; header and affine of the source");
            foreach (var source in sources)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var labels = NiftiLabels.Read(source.LabelPath, cancellationToken);
                byte[] voxels = NiftiLabels.Foreground(labels, source.Rule);
                int nx = labels.Nx, ny = labels.Ny, area = nx * ny;
                int width = source.Orientation.Width(nx, ny), height = source.Orientation.Height(nx, ny);
                for (int z = 0; z < labels.Nz; z++)
                {
                    string png = Path.Combine(sliceFolder, DecathlonLayout.SliceName(source.Volume, z) + ".png");
                    if (!File.Exists(png)) continue;
                    var mask = ImageFiles.ReadMask(png, ForegroundRule.AnyPositive);
                    if (mask.Width != width || mask.Height != height)
                        throw new RemaskDataException(png, $"is {mask.Width}x{mask.Height}, but the slices of {source.LabelPath} are {width}x{height}");
                    source.Orientation.Restore<byte>(mask.Pixels, nx, ny, voxels.AsSpan(z * area, area));
                }
                NiftiMaskWriter.WriteLike(source.LabelPath, Path.Combine(dir, Path.GetFileName(source.LabelPath)), voxels, cancellationToken);
            }
        });
    }
}
