using Remask.Core;
using Remask.Core.Datasets;
using Remask.Core.Formats;
using Remask.Core.Imaging;
using Remask.Core.IO;

namespace Remask.Cli.Commands;

/// <summary>A flat folder of label volumes (.nii, .nii.gz), such as Decathlon's labelsTr: listing, and writing a
/// new folder of binary volumes of the same names, each a copy of its source's header (<see cref="NiftiMaskWriter"/>).</summary>
internal static class VolumeMaskFolder
{
    /// <summary>True when <paramref name="dir"/> holds label volumes and no mask images.</summary>
    public static bool Holds(string dir) =>
        Directory.Exists(dir) && DatasetFiles.ImageFilesIn(dir).Count == 0 && DatasetFiles.VolumeFilesIn(dir).Count > 0;

    /// <summary>
    /// Reads every label volume as a binary volume (<paramref name="rule"/>), transforms it and writes the results under
    /// the same names into a new folder, atomically, with the <see cref="DerivedMaskStamp"/> note naming <paramref name="verb"/>.
    /// <paramref name="transform"/> gets the volume's name (its file name without .nii/.nii.gz), the volume as read and its binary mask.
    /// </summary>
    public static List<T> Transform<T>(string input, string output, bool overwrite, ForegroundRule rule, string verb, string label,
        Func<string, NiftiVolume, byte[], (byte[] Result, T Info)> transform, CancellationToken cancellationToken)
    {
        var inputs = DatasetFiles.VolumeFilesIn(input);
        var infos = new List<T>(inputs.Count);
        AtomicOutput.WriteDirectory(output, overwrite, temp =>
            Ui.WithProgress(label, progress =>
            {
                DerivedMaskStamp.Write(temp, verb, "label volumes: 0 background, 1 foreground; header and affine of the source");
                for (int i = 0; i < inputs.Count; i++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var labels = NiftiLabels.Read(inputs[i], cancellationToken);
                    var (result, info) = transform(DatasetFiles.Stem(inputs[i]), labels, NiftiLabels.Foreground(labels, rule));
                    NiftiMaskWriter.WriteLike(inputs[i], Path.Combine(temp, Path.GetFileName(inputs[i])), result, cancellationToken);
                    infos.Add(info);
                    progress.Report((i + 1, inputs.Count));
                }
            }));
        return infos;
    }
}
