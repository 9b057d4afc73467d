using Remask.Core.Formats;
using Remask.Core.IO;

namespace Remask.Core.Datasets;

/// <summary>
/// Per-pixel maps of axial slices (uncertainty, probability, a predicted mask) put back into volumes on the image
/// volume's grid, written as NIfTI with the image's affine and spacing: OUT/MAP/VOLUME.nii.gz for each map name, each in
/// its datatype (<paramref name="datatypes"/>, one per map; default float32 for all; UInt8 for 0/1 masks). Slices arrive volume by volume (as
/// <see cref="VolumeSliceSampleSet"/> reads them); a volume is written when the next one starts and at
/// <see cref="Flush"/>, so one volume's maps are held at a time. Voxels of slices that were not given (the empty slices
/// a training split leaves out) are NaN in float volumes: not computed, rather than a claim of zero uncertainty; an
/// integer datatype cannot hold NaN, so there they are 0 (callers that write masks give every slice).
/// </summary>
public sealed class SliceMapVolumes(string outDirectory, IReadOnlyList<string> mapNames, IReadOnlyList<NiftiDatatype>? datatypes = null)
{
    private readonly NiftiDatatype[] _types = datatypes is null ? mapNames.Select(_ => NiftiDatatype.Float32).ToArray()
        : datatypes.Count == mapNames.Count ? datatypes.ToArray()
        : throw new ArgumentException($"{datatypes.Count} datatypes given, {mapNames.Count} map names", nameof(datatypes));
    private string? _volume;
    private NiftiHeader? _header;
    private SliceOrientation _orientation;
    private float[][] _values = [];
    private readonly HashSet<string> _done = new(StringComparer.Ordinal);

    /// <summary>Volumes written so far.</summary>
    public int Written { get; private set; }

    /// <summary>Adds slice <paramref name="z"/> of <paramref name="volume"/> (the image volume <paramref name="imagePath"/>):
    /// one map per map name, each in the displayed layout the slices were cut in (row-major, the slice's size).</summary>
    public void Add(string volume, string imagePath, int z, IReadOnlyList<float[]> maps)
    {
        if (maps.Count != mapNames.Count) throw new ArgumentException($"{maps.Count} maps given, {mapNames.Count} names", nameof(maps));
        if (volume != _volume)
        {
            ContainedPath.PlainName(volume, outDirectory);   // VOLUME.nii.gz is written in the output folder
            Flush();
            if (_done.Contains(volume)) throw new InvalidOperationException($"the slices of {volume} must come together: it was already written");
            _volume = volume;
            _header = NiftiReader.ReadHeader(imagePath);
            _orientation = SliceOrientation.FromAffine(_header.Affine);
            long voxels = _header.VoxelCount;
            _values = _types.Select(t => { var v = new float[voxels]; Array.Fill(v, NiftiDatatypes.IsInteger(t) ? 0f : float.NaN); return v; }).ToArray();
        }
        var h = _header!;
        if (z < 0 || z >= h.Nz) throw new RemaskDataException(imagePath, $"has {h.Nz} slices, not slice {z}");
        int area = h.Nx * h.Ny;
        for (int m = 0; m < maps.Count; m++)
        {
            if (maps[m].Length != area) throw new ArgumentException($"map {mapNames[m]} has {maps[m].Length} values, a slice of {imagePath} {area}", nameof(maps));
            _orientation.Restore<float>(maps[m], h.Nx, h.Ny, _values[m].AsSpan(z * area, area));
        }
    }

    /// <summary>Writes the volume in progress, if any.</summary>
    public void Flush(CancellationToken cancellationToken = default)
    {
        if (_volume is null || _header is null) return;
        for (int m = 0; m < mapNames.Count; m++)
        {
            string dir = Path.Combine(outDirectory, mapNames[m]);
            Directory.CreateDirectory(dir);
            NiftiWriter.Write(Path.Combine(dir, _volume + ".nii.gz"), _header.Nx, _header.Ny, _header.Nz, _header.Spacing, _header.Affine,
                _types[m], _values[m], cancellationToken);
        }
        Written++;
        _done.Add(_volume);
        _volume = null;
        _values = [];
    }
}
