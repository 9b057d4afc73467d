using System.Buffers.Binary;

namespace Remask.Torch.Interchange;

/// <summary>
/// A walk over a pickle's opcodes (protocols 0 to 5) without running it, done before the unpickler sees it: every
/// length-prefixed argument (strings, bytes, long integers) must fit in the bytes that are left, and every opcode must be
/// one pickle defines. The unpickler (Razorvine.Pickle, under TorchSharp.PyBridge) allocates a declared length before
/// reading it, so a damaged length of a few bytes would otherwise allocate up to 2 GB.
/// </summary>
internal static class PickleCheck
{
    /// <summary>What is wrong with <paramref name="pickle"/>, or null when every opcode and length is in order up to STOP.</summary>
    public static string? Problem(ReadOnlySpan<byte> pickle)
    {
        int at = 0;
        while (at < pickle.Length)
        {
            byte op = pickle[at++];
            long rest = pickle.Length - at;
            long skip;
            switch (op)
            {
                case (byte)'.':
                    return null;   // STOP
                case (byte)'(' or (byte)'0' or (byte)'1' or (byte)'2' or (byte)'N' or (byte)'R' or (byte)'a' or (byte)'b' or (byte)'d'
                    or (byte)'}' or (byte)'e' or (byte)'l' or (byte)']' or (byte)'o' or (byte)'s' or (byte)'t' or (byte)')' or (byte)'u'
                    or (byte)'Q' or 0x81 or 0x85 or 0x86 or 0x87 or 0x88 or 0x89 or 0x8f or 0x90 or 0x91 or 0x92 or 0x93 or 0x94 or 0x97 or 0x98:
                    skip = 0;
                    break;
                case (byte)'K' or (byte)'h' or (byte)'q' or 0x80 or 0x82:
                    skip = 1;
                    break;
                case (byte)'M' or 0x83:
                    skip = 2;
                    break;
                case (byte)'J' or (byte)'j' or (byte)'r' or 0x84:
                    skip = 4;
                    break;
                case (byte)'G' or 0x95:
                    skip = 8;
                    break;
                case (byte)'U' or (byte)'C' or 0x8c or 0x8a:
                    if (rest < 1) return Truncated(op, at);
                    skip = 1 + pickle[at];
                    break;
                case (byte)'T' or (byte)'X' or (byte)'B' or 0x8b:
                    if (rest < 4) return Truncated(op, at);
                    skip = 4 + (long)BinaryPrimitives.ReadUInt32LittleEndian(pickle[at..]);
                    break;
                case 0x8d or 0x8e or 0x96:
                    if (rest < 8) return Truncated(op, at);
                    ulong length = BinaryPrimitives.ReadUInt64LittleEndian(pickle[at..]);
                    skip = length > (ulong)rest ? long.MaxValue : 8 + (long)length;
                    break;
                case (byte)'I' or (byte)'L' or (byte)'F' or (byte)'S' or (byte)'V' or (byte)'P' or (byte)'g' or (byte)'p':
                    skip = Line(pickle, at, 1);
                    break;
                case (byte)'c' or (byte)'i':
                    skip = Line(pickle, at, 2);
                    break;
                default:
                    return $"unknown pickle opcode 0x{op:X2} at byte {at - 1}";
            }
            if (skip > rest) return $"pickle opcode 0x{op:X2} at byte {at - 1} needs {(skip == long.MaxValue ? "more" : skip.ToString(System.Globalization.CultureInfo.InvariantCulture))} bytes, {rest} are left";
            at += (int)skip;
        }
        return "the pickle ends without its STOP opcode";
    }

    /// <summary>Bytes up to and including the <paramref name="lines"/>-th newline after <paramref name="at"/>; past the end when missing.</summary>
    private static long Line(ReadOnlySpan<byte> pickle, int at, int lines)
    {
        int i = at;
        for (int n = 0; n < lines; n++)
        {
            int k = pickle[i..].IndexOf((byte)'\n');
            if (k < 0) return long.MaxValue;
            i += k + 1;
        }
        return i - at;
    }

    private static string Truncated(byte op, int at) => $"pickle opcode 0x{op:X2} at byte {at - 1} is cut off";
}
