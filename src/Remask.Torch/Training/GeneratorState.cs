using System.Buffers.Binary;
using static TorchSharp.torch;

namespace Remask.Torch.Training;

/// <summary>
/// torch's CPU generator state (<c>torch.get_rng_state()</c>) as a checkpoint stores it, checked before it goes back to
/// libtorch: TorchSharp's <c>set_rng_state</c> does not catch libtorch's error for a state of the wrong size or an invalid
/// Mersenne Twister position, so such a state would abort the whole process ("terminate called after throwing an
/// instance of 'c10::Error'") instead of failing with a message.
/// </summary>
/// <remarks>
/// The checks are libtorch's own (aten/src/ATen/CPUGeneratorImpl.cpp, <c>set_state</c> and <c>mt19937::is_valid</c>):
/// the size of a <c>CPUGeneratorImplState</c> (5056 bytes), and in its first fields (<c>uint64 the_initial_seed</c>,
/// <c>int left</c>, <c>int seeded</c>, <c>uint64 next</c>) seeded set, 0 &lt; left &lt;= 624 and next &lt;= 624.
/// </remarks>
internal static class GeneratorState
{
    private const int StateSize = 5056, MersenneN = 624;

    /// <summary>What is wrong with <paramref name="state"/> for this libtorch, or null when set_rng_state accepts it.</summary>
    public static string? Problem(byte[] state)
    {
        long expected = CurrentSize();
        if (state.Length != expected) return $"a generator state of {state.Length} bytes; this libtorch's has {expected}";
        if (expected != StateSize) return null;   // another layout than the one checked below: the size is all we know
        int left = BinaryPrimitives.ReadInt32LittleEndian(state.AsSpan(8));
        int seeded = BinaryPrimitives.ReadInt32LittleEndian(state.AsSpan(12));
        uint next = BinaryPrimitives.ReadUInt32LittleEndian(state.AsSpan(16));   // libtorch keeps the low 32 bits
        if (seeded == 0 || left <= 0 || left > MersenneN || next > MersenneN)
            return $"an invalid Mersenne Twister state (seeded {seeded}, left {left}, next {next})";
        return null;
    }

    private static long CurrentSize()
    {
        using var current = get_rng_state();
        return current.NumberOfElements;
    }
}
