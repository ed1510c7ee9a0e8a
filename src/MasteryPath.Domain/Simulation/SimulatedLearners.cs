namespace MasteryPath.Domain.Simulation;

/// <summary>
/// One simulated learner practising one skill, item after item, whose true state is known to the simulator
/// (never to the mastery rule, which sees only the answers).
/// </summary>
public interface ISimulatedLearner
{
    /// <summary>
    /// Whether the learner truly masters the skill now, by the generator's own definition. Read after an
    /// answer, it includes what the learner learned (or forgot) from that practice.
    /// </summary>
    bool TrulyMastered { get; }

    /// <summary>Answers one fresh item and learns from the practice; returns whether the answer was right.</summary>
    bool Answer();
}

/// <summary>A generative model of learners: draws each learner's parameters and answer stream from a seed.</summary>
public interface ILearnerGenerator
{
    /// <summary>The generator's name, e.g. "irt-learning".</summary>
    string Name { get; }

    /// <summary>A fresh learner whose parameters and answers are fixed by <paramref name="seed"/>.</summary>
    ISimulatedLearner Create(ulong seed);
}

/// <summary>Random draws the simulator needs, on top of <see cref="DeterministicRandom"/>.</summary>
public static class SimulationRandom
{
    /// <summary>A standard normal draw (Box–Muller), reproducible for the generator's seed.</summary>
    public static double NextGaussian(this DeterministicRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return System.Math.Sqrt(-2.0 * System.Math.Log(u1)) * System.Math.Cos(2.0 * System.Math.PI * u2);
    }

    /// <summary>A uniform draw in [<paramref name="min"/>, <paramref name="max"/>).</summary>
    public static double NextUniform(this DeterministicRandom random, double min, double max)
    {
        ArgumentNullException.ThrowIfNull(random);
        return min + ((max - min) * random.NextDouble());
    }

    /// <summary>Mixes a run seed with stream indices into an independent seed (SplitMix64 finaliser).</summary>
    public static ulong Mix(ulong seed, ulong a, ulong b = 0)
    {
        var z = seed ^ ((a + 1) * 0x9E3779B97F4A7C15UL) ^ ((b + 1) * 0xC2B2AE3D27D4EB4FUL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>The logistic function.</summary>
    public static double Sigmoid(double x) => 1.0 / (1.0 + System.Math.Exp(-x));
}

/// <summary>
/// <c>irt-learning</c>: a Rasch learner who learns by practising. Skill level s = θ + rate · practice, with
/// ability θ ~ N(0, 1) and a learning rate per item that varies across learners (log-normal, median
/// <see cref="MedianLearningRate"/>, log-SD <see cref="LearningRateSpread"/>). Each fresh item has difficulty
/// b ~ N(0, <see cref="ItemDifficultySd"/>) and P(correct) = σ(s − b). <b>Truly mastered</b>: P(correct on an
/// item of average difficulty, b = 0) = σ(s) ≥ <see cref="MasteryProbability"/>, i.e. s ≥ logit(0.85) ≈ 1.73.
/// Not the project's learner model.
/// </summary>
public sealed class IrtLearningGenerator : ILearnerGenerator
{
    /// <summary>SD of item difficulty b.</summary>
    public double ItemDifficultySd { get; init; } = 0.5;

    /// <summary>Median gain in skill level per practised item.</summary>
    public double MedianLearningRate { get; init; } = 0.12;

    /// <summary>SD of the log learning rate across learners.</summary>
    public double LearningRateSpread { get; init; } = 0.5;

    /// <summary>P(correct on an average item) that counts as truly mastered.</summary>
    public double MasteryProbability { get; init; } = 0.85;

    /// <inheritdoc/>
    public string Name => "irt-learning";

    /// <inheritdoc/>
    public ISimulatedLearner Create(ulong seed)
    {
        var random = new DeterministicRandom(seed);
        var ability = random.NextGaussian();
        var rate = MedianLearningRate * System.Math.Exp(LearningRateSpread * random.NextGaussian());
        return new Learner(random, ability, rate, this);
    }

    private sealed class Learner(DeterministicRandom random, double ability, double rate, IrtLearningGenerator model) : ISimulatedLearner
    {
        private int _practice;

        private double Level => ability + (rate * _practice);

        public bool TrulyMastered => SimulationRandom.Sigmoid(Level) >= model.MasteryProbability;

        public bool Answer()
        {
            var difficulty = model.ItemDifficultySd * random.NextGaussian();
            var correct = random.NextDouble() < SimulationRandom.Sigmoid(Level - difficulty);
            _practice++;
            return correct;
        }
    }
}

/// <summary>
/// <c>bkt-forgetting</c>: a two-state learner (knows / does not know). Answers with guess and slip; after
/// each practice an unknowing learner learns with P(learn) and a knowing one forgets with P(forget).
/// Per learner: P(known at start) ~ U(0, 0.3), P(learn) ~ U(0.05, 0.3), P(guess) ~ U(0.05, 0.3),
/// P(slip) ~ U(0.03, 0.15), P(forget) ~ U(0, 0.05). <b>Truly mastered</b>: in the known state. As in standard
/// BKT, the transition after opportunity t takes effect before opportunity t + 1, so the state at the moment of a
/// declaration is the state in which the declaring answer was given.
/// </summary>
public sealed class BktForgettingGenerator : ILearnerGenerator
{
    /// <inheritdoc/>
    public string Name => "bkt-forgetting";

    /// <inheritdoc/>
    public ISimulatedLearner Create(ulong seed)
    {
        var random = new DeterministicRandom(seed);
        var initial = random.NextUniform(0, 0.3);
        var learn = random.NextUniform(0.05, 0.3);
        var guess = random.NextUniform(0.05, 0.3);
        var slip = random.NextUniform(0.03, 0.15);
        var forget = random.NextUniform(0, 0.05);
        return new Learner(random, random.NextDouble() < initial, learn, guess, slip, forget);
    }

    private sealed class Learner(DeterministicRandom random, bool known, double learn, double guess, double slip, double forget) : ISimulatedLearner
    {
        private bool _known = known;
        private bool _practised;

        public bool TrulyMastered => _known;

        public bool Answer()
        {
            // Standard BKT timing: the learn/forget transition of a practice opportunity takes effect
            // between opportunities, so the state after an answer is the state that produced it.
            if (_practised)
            {
                _known = _known ? random.NextDouble() >= forget : random.NextDouble() < learn;
            }

            _practised = true;
            return random.NextDouble() < (_known ? 1 - slip : guess);
        }
    }
}
