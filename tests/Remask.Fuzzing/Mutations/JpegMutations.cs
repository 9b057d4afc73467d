using System.Buffers.Binary;
using Remask.Core.Noise;

namespace Remask.Fuzzing.Mutations;

/// <summary>
/// JPEG mutations that know the marker layout: the frame header's size (60,000 x 60,000, 65,535, 0), precision,
/// component count, sampling factors and table numbers; segment lengths; Huffman and quantisation tables; the scan
/// header; the entropy-coded data (bits flipped, markers put in, cut short); segments dropped or repeated. JPEG has no
/// checksum: every mutant may read, as long as what it reads is a valid image.
/// </summary>
public static class JpegMutations
{
    private static readonly int[] Sides = [0, 1, 7, 8, 9, 16, 17, 255, 4096, 23170, 60000, 65535];

    public static Mutant Mutate(byte[] jpeg, NoiseRandom random)
    {
        var segments = Segment.All(jpeg);
        Segment? Find(Func<Segment, bool> which) => segments.Where(which).ToList() is { Count: > 0 } found ? found[random.NextInt(found.Count)] : null;
        switch (random.NextInt(10))
        {
            case 0:
            case 1:
            {
                // the frame header: P, Y (height), X (width), Nf, then Ci Hi:Vi Tqi per component
                if (Find(s => s.Marker is >= 0xC0 and <= 0xC2) is not { } sof) goto default;
                int field = random.NextInt(5);
                byte[] b;
                string what;
                switch (field)
                {
                    case 0:
                    {
                        int h = Sides[random.NextInt(Sides.Length)], w = random.Chance(0.5) ? h : Sides[random.NextInt(Sides.Length)];
                        b = ByteMutations.WriteInteger(jpeg, sof.DataOffset + 1, 2, true, h);
                        b = ByteMutations.WriteInteger(b, sof.DataOffset + 3, 2, true, w);
                        what = $"frame size {w}x{h}";
                        break;
                    }
                    case 1:
                        b = ByteMutations.WriteInteger(jpeg, sof.DataOffset, 1, true, new[] { 0, 8, 12, 16, 255 }[random.NextInt(5)]);
                        what = $"precision {b[sof.DataOffset]}";
                        break;
                    case 2:
                        b = ByteMutations.WriteInteger(jpeg, sof.DataOffset + 5, 1, true, new[] { 0, 1, 2, 3, 4, 5, 255 }[random.NextInt(7)]);
                        what = $"{b[sof.DataOffset + 5]} components";
                        break;
                    default:
                    {
                        int components = Math.Max(1, (sof.Length - 8) / 3);
                        int at = sof.DataOffset + 6 + 3 * random.NextInt(components) + (field == 3 ? 1 : 2);
                        b = ByteMutations.WriteInteger(jpeg, at, 1, true, field == 3 ? new[] { 0x00, 0x11, 0x22, 0x44, 0x41, 0x14, 0x55, 0xFF, 0x12, 0x21 }[random.NextInt(10)] : random.NextInt(6));
                        what = field == 3 ? $"sampling factors {b[at]:X2} at {at}" : $"quantisation table {b[at]} at {at}";
                        break;
                    }
                }
                return new Mutant(b, what, true);
            }
            case 2:
            {
                // a segment's length field
                if (Find(s => s.Length >= 2) is not { } s) goto default;
                long value = random.Chance(0.5) ? new long[] { 0, 1, 2, 3, 65535, 32768 }[random.NextInt(6)] : s.Length + random.NextInt(-3, 3);
                return new Mutant(ByteMutations.WriteInteger(jpeg, s.Offset + 2, 2, true, value), $"{s.Name} at {s.Offset}: length {value}", true);
            }
            case 3:
            {
                // a Huffman table: class/number, then the 16 code-length counts (their sum is the number of symbols)
                if (Find(s => s.Marker == 0xC4) is not { } dht) goto default;
                int at = dht.DataOffset + random.NextInt(17);
                int value = at == dht.DataOffset ? new[] { 0x00, 0x01, 0x10, 0x11, 0x04, 0x24, 0xFF }[random.NextInt(7)] : new[] { 0, 1, 2, 16, 200, 255 }[random.NextInt(6)];
                return new Mutant(ByteMutations.WriteInteger(jpeg, at, 1, true, value), $"DHT at {dht.Offset}: byte {at} = {value}", true);
            }
            case 4:
            {
                // a quantisation table's precision/number, or the scan header (component selectors, tables, Ss, Se, Ah/Al)
                if (Find(s => s.Marker is 0xDB or 0xDA) is not { } s || s.Length < 3) goto default;
                int at = s.DataOffset + random.NextInt(s.Length - 2);
                int value = new[] { 0, 1, 2, 3, 4, 0x10, 0x11, 0x33, 63, 64, 0xFF }[random.NextInt(11)];
                return new Mutant(ByteMutations.WriteInteger(jpeg, at, 1, true, value), $"{s.Name} at {s.Offset}: byte {at} = {value}", true);
            }
            case 5:
            case 6:
            {
                // the entropy-coded data: bits flipped, a marker put in, or the file cut inside it
                if (Find(s => s.ScanEnd > s.ScanStart) is not { } sos) goto default;
                int at = sos.ScanStart + random.NextInt(sos.ScanEnd - sos.ScanStart);
                switch (random.NextInt(3))
                {
                    case 0:
                    {
                        var b = (byte[])jpeg.Clone();
                        int n = 1 + random.NextInt(16);
                        for (int k = 0; k < n; k++) b[sos.ScanStart + random.NextInt(sos.ScanEnd - sos.ScanStart)] ^= (byte)(1 << random.NextInt(8));
                        return new Mutant(b, $"{n} bits flipped in the scan data at {sos.ScanStart}..{sos.ScanEnd}", true);
                    }
                    case 1:
                    {
                        byte marker = new byte[] { 0xD0, 0xD7, 0xD9, 0xD8, 0xDA, 0xC4, 0xFF, 0x00 }[random.NextInt(8)];
                        return new Mutant([.. jpeg.AsSpan(0, at), 0xFF, marker, .. jpeg.AsSpan(at)], $"FF {marker:X2} put into the scan data at {at}", true);
                    }
                    default:
                        var (cut, _) = ByteMutations.TruncateAt(jpeg, at);
                        return new Mutant([.. cut, 0xFF, 0xD9], $"scan data cut at {at}, then EOI", true);
                }
            }
            case 7:
            {
                var s = segments[random.NextInt(segments.Count)];
                return random.Chance(0.5)
                    ? new Mutant([.. jpeg.AsSpan(0, s.Offset), .. jpeg.AsSpan(s.End)], $"{s.Name} at {s.Offset} removed", true)
                    : new Mutant([.. jpeg.AsSpan(0, s.End), .. jpeg.AsSpan(s.Offset, s.End - s.Offset), .. jpeg.AsSpan(s.End)], $"{s.Name} at {s.Offset} repeated", true);
            }
            default:
            {
                var (bytes, what) = ByteMutations.Any(jpeg, random);
                return new Mutant(bytes, what, true);
            }
        }
    }

    /// <summary>A marker segment of a valid JPEG: where its FF is, the marker, its length field (0 for markers without
    /// one), and for a scan header the entropy-coded data after it.</summary>
    private readonly record struct Segment(int Offset, byte Marker, int Length, int ScanStart, int ScanEnd)
    {
        public int DataOffset => Offset + 4;
        public int End => ScanEnd > 0 ? ScanEnd : Offset + 2 + Length;
        public string Name => $"marker {Marker:X2}";

        public static List<Segment> All(byte[] jpeg)
        {
            var list = new List<Segment>();
            int at = 2;
            while (at + 4 <= jpeg.Length && jpeg[at] == 0xFF)
            {
                byte marker = jpeg[at + 1];
                if (marker == 0xD9) break;
                int length = BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(at + 2));
                int next = at + 2 + length;
                if (marker != 0xDA)
                {
                    list.Add(new Segment(at, marker, length, 0, 0));
                    at = next;
                    continue;
                }
                int end = next;
                while (end + 1 < jpeg.Length && !(jpeg[end] == 0xFF && jpeg[end + 1] != 0x00 && jpeg[end + 1] is < 0xD0 or > 0xD7)) end++;
                list.Add(new Segment(at, marker, length, next, end));
                at = end;
            }
            return list;
        }
    }
}
