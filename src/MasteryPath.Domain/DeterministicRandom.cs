namespace MasteryPath.Domain;

/// <summary>
/// SplitMix64: a tiny pseudo-random generator whose sequence for a seed is fixed forever, unlike
/// System.Random, so a template variant drawn from a seed is the same on every runtime and machine.
/// </summary>
public sealed class DeterministicRandom(ulong seed)
{
    private ulong _state = seed;

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A double in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A whole number in [0, <paramref name="exclusiveMax"/>).</summary>
    public int Next(int exclusiveMax)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(exclusiveMax);
        return (int)(NextUInt64() % (ulong)exclusiveMax);
    }

    /// <summary>A whole number in [0, <paramref name="exclusiveMax"/>).</summary>
    public long NextInt64(long exclusiveMax)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(exclusiveMax);
        return (long)(NextUInt64() % (ulong)exclusiveMax);
    }
}
