namespace MasteryPath.Domain.Diagnostics;

/// <summary>
/// The diagnostic's belief: a weighted sample of knowledge states, one bit per skill (skills in topological order).
/// A state knows a skill only when it knows everything every question on that skill takes; a prerequisite no question
/// takes is usually known too, but not always (<see cref="DiagnosticSettings.PrerequisiteLeak"/>).
/// </summary>
internal sealed class DiagnosticBelief
{
    private readonly int _skills;
    private readonly int _words;
    private readonly ulong[] _states;
    private readonly double[] _weights;

    /// <param name="prerequisites">Direct prerequisites of each skill, as indices.</param>
    /// <param name="needs">The prerequisites every question on each skill takes (closed under prerequisites).</param>
    /// <param name="depths">Each skill's depth in the graph.</param>
    /// <param name="settings">Particles, branch spread and leak.</param>
    /// <param name="random">The prior's randomness.</param>
    public DiagnosticBelief(int[][] prerequisites, int[][] needs, int[] depths, DiagnosticSettings settings, DeterministicRandom random)
    {
        _skills = depths.Length;
        _words = Words(_skills);
        var maxDepth = System.Math.Max(1, depths.DefaultIfEmpty(0).Max());
        var state = new bool[_skills];
        var offsets = new double[_skills];

        // Identical states are merged into one weighted state: the belief is the same, and updating it is cheaper.
        var distinct = new Dictionary<StateKey, int>();
        var states = new List<ulong>();
        var counts = new List<int>();
        for (var p = 0; p < settings.Particles; p++)
        {
            SamplePriorState(prerequisites, needs, depths, maxDepth, settings, random, state, offsets);
            var bits = new ulong[_words];
            for (var i = 0; i < _skills; i++)
            {
                if (state[i])
                {
                    bits[i >> 6] |= 1UL << (i & 63);
                }
            }

            if (distinct.TryGetValue(new StateKey(bits), out var index))
            {
                counts[index]++;
            }
            else
            {
                distinct.Add(new StateKey(bits), counts.Count);
                counts.Add(1);
                states.AddRange(bits);
            }
        }

        _states = [.. states];
        _weights = [.. counts.Select(c => (double)c / settings.Particles)];
    }

    /// <summary>
    /// A plausible knowledge state: a learner's reach into the graph (uniform over "nothing" to "everything"),
    /// shifted per branch by an offset each skill inherits from its prerequisites plus fresh noise, and per skill.
    /// A skill is known only when every skill its questions take is; with a prerequisite missing that none of them
    /// takes, only with probability <see cref="DiagnosticSettings.PrerequisiteLeak"/>.
    /// </summary>
    private static void SamplePriorState(int[][] prerequisites, int[][] needs, int[] depths, int maxDepth, DiagnosticSettings settings, DeterministicRandom random, bool[] state, double[] offsets)
    {
        var reach = (random.NextDouble() * (maxDepth + 2)) - 1;
        for (var i = 0; i < depths.Length; i++)
        {
            var inherited = 0.0;
            var prerequisitesKnown = true;
            foreach (var p in prerequisites[i])
            {
                inherited += offsets[p];
                prerequisitesKnown &= state[p];
            }

            if (prerequisites[i].Length > 0)
            {
                inherited /= prerequisites[i].Length;
            }

            var needsKnown = true;
            foreach (var n in needs[i])
            {
                needsKnown &= state[n];
            }

            offsets[i] = inherited + ((random.NextDouble() - 0.5) * settings.BranchSpread);
            var margin = reach - depths[i] + offsets[i] + ((random.NextDouble() - 0.5) * 3);

            // The leak is drawn only when it decides something, so a graph whose questions take every prerequisite
            // samples exactly the states of a belief closed under prerequisites.
            state[i] = needsKnown && margin > 0 && (prerequisitesKnown || random.NextDouble() < settings.PrerequisiteLeak);
        }
    }

    /// <summary>A bit mask over skill indices, for a belief over <paramref name="skillCount"/> skills.</summary>
    public static ulong[] Mask(int skillCount, IEnumerable<int> skills)
    {
        var mask = new ulong[Words(skillCount)];
        foreach (var i in skills)
        {
            mask[i >> 6] |= 1UL << (i & 63);
        }

        return mask;
    }

    /// <summary>P(known) per skill.</summary>
    public double[] Marginals()
    {
        var m = new double[_skills];
        for (var p = 0; p < _weights.Length; p++)
        {
            var w = _weights[p];
            for (var word = 0; word < _words; word++)
            {
                var bits = _states[(p * _words) + word];
                while (bits != 0)
                {
                    m[(word << 6) + System.Numerics.BitOperations.TrailingZeroCount(bits)] += w;
                    bits &= bits - 1;
                }
            }
        }

        return m;
    }

    /// <summary>P(every skill of the mask is known), for each mask.</summary>
    public double[] Probabilities(IReadOnlyList<ulong[]> masks)
    {
        var result = new double[masks.Count];
        if (_words == 1)
        {
            var single = masks.Select(m => m[0]).ToArray();
            for (var p = 0; p < _weights.Length; p++)
            {
                var bits = _states[p];
                var w = _weights[p];
                for (var q = 0; q < single.Length; q++)
                {
                    if ((bits & single[q]) == single[q])
                    {
                        result[q] += w;
                    }
                }
            }

            return result;
        }

        for (var p = 0; p < _weights.Length; p++)
        {
            var offset = p * _words;
            for (var q = 0; q < masks.Count; q++)
            {
                if (Knows(offset, masks[q]))
                {
                    result[q] += _weights[p];
                }
            }
        }

        return result;
    }

    /// <summary>Reweights the states by the slip/guess likelihood of an answer to a question taking the skills of <paramref name="mask"/>.</summary>
    public void Update(ulong[] mask, bool correct, double slip, double guess)
    {
        var total = 0.0;
        for (var p = 0; p < _weights.Length; p++)
        {
            var known = Knows(p * _words, mask);
            _weights[p] *= known ? (correct ? 1 - slip : slip) : (correct ? guess : 1 - guess);
            total += _weights[p];
        }

        for (var p = 0; p < _weights.Length; p++)
        {
            _weights[p] /= total;
        }
    }

    /// <summary>A state's bits, compared by value.</summary>
    private readonly struct StateKey(ulong[] bits) : IEquatable<StateKey>
    {
        private readonly ulong[] _bits = bits;

        public bool Equals(StateKey other) => _bits.AsSpan().SequenceEqual(other._bits);

        public override bool Equals(object? obj) => obj is StateKey other && Equals(other);

        public override int GetHashCode()
        {
            var hash = new HashCode();
            foreach (var word in _bits)
            {
                hash.Add(word);
            }

            return hash.ToHashCode();
        }
    }

    private static int Words(int skillCount) => System.Math.Max(1, (skillCount + 63) / 64);

    private bool Knows(int offset, ulong[] mask)
    {
        for (var word = 0; word < mask.Length; word++)
        {
            if ((_states[offset + word] & mask[word]) != mask[word])
            {
                return false;
            }
        }

        return true;
    }
}
