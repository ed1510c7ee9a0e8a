namespace MasteryPath.Domain.Learning;

/// <summary>
/// BKT parameters of one skill: P(known at start), P(learn per practice), P(guess), P(slip), and optionally
/// P(forget per practice) — with forgetting the estimate rests on the latest evidence (classic BKT has none).
/// </summary>
public readonly record struct BktParameters(double Initial, double Learn, double Guess, double Slip, double Forget = 0)
{
    /// <summary>Textbook starting values.</summary>
    public static BktParameters Default => new(0.4, 0.1, 0.2, 0.1);

    /// <summary>P(correct) given P(known).</summary>
    public double PredictCorrect(double known) => (known * (1 - Slip)) + ((1 - known) * Guess);

    /// <summary>P(known) after observing an answer, including the chance to learn from the practice.</summary>
    public double Update(double known, bool correct)
    {
        var posterior = correct
            ? known * (1 - Slip) / PredictCorrect(known)
            : known * Slip / ((known * Slip) + ((1 - known) * (1 - Guess)));
        return (posterior * (1 - Forget)) + ((1 - posterior) * Learn);
    }
}

/// <summary>
/// Classic Bayesian Knowledge Tracing (Corbett &amp; Anderson 1995): one hidden known/unknown state per skill,
/// no forgetting, parameters fitted per skill by expectation–maximisation (Baum–Welch). A baseline.
/// </summary>
public sealed class BayesianKnowledgeTracing(IReadOnlyDictionary<int, BktParameters> parameters, BktParameters fallback) : IKnowledgeTracer
{
    /// <summary>Fitted parameters per skill.</summary>
    public IReadOnlyDictionary<int, BktParameters> Parameters { get; } = parameters;

    /// <summary>Used for skills never seen in training.</summary>
    public BktParameters Fallback { get; } = fallback;

    /// <inheritdoc/>
    public string Name => "bkt";

    /// <summary>The same parameters for every skill, e.g. a baseline before any data is fitted.</summary>
    public static BayesianKnowledgeTracing Uniform(BktParameters parameters) => new(new Dictionary<int, BktParameters>(), parameters);

    /// <inheritdoc/>
    public ILearnerTrace StartLearner() => new Trace(this);

    /// <inheritdoc/>
    public ModelParameters Export() => ModelParameters.PerSkill(
        Name,
        Parameters,
        Fallback,
        ("initial", p => p.Initial),
        ("learn", p => p.Learn),
        ("guess", p => p.Guess),
        ("slip", p => p.Slip),
        ("forget", p => p.Forget));

    /// <summary>Rebuilds a model from <see cref="Export"/>'s output.</summary>
    /// <exception cref="FormatException">On missing or inconsistent parameters.</exception>
    public static BayesianKnowledgeTracing Import(ModelParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var (perSkill, fallback) = parameters.ReadPerSkill("initial", "learn", "guess", "slip", "forget");
        static BktParameters From(double[] v) => new(v[0], v[1], v[2], v[3], v[4]);
        return new BayesianKnowledgeTracing(perSkill.ToDictionary(p => p.Key, p => From(p.Value)), From(fallback));
    }

    private BktParameters For(int skill) => Parameters.TryGetValue(skill, out var p) ? p : Fallback;

    private sealed class Trace(BayesianKnowledgeTracing model) : ILearnerTrace
    {
        private readonly Dictionary<int, double> _known = [];

        private double Known(int skill) => _known.TryGetValue(skill, out var k) ? k : model.For(skill).Initial;

        public double PredictCorrect(int skill) => model.For(skill).PredictCorrect(Known(skill));

        public void Observe(int skill, bool correct) => _known[skill] = model.For(skill).Update(Known(skill), correct);

        public double Mastery(int skill) => Known(skill);

        public void Save(BinaryWriter writer)
        {
            writer.Write(_known.Count);
            foreach (var (skill, known) in _known)
            {
                writer.Write(skill);
                writer.Write(known);
            }
        }

        public void Restore(BinaryReader reader)
        {
            _known.Clear();
            for (var n = reader.ReadInt32(); n > 0; n--)
            {
                _known[reader.ReadInt32()] = reader.ReadDouble();
            }
        }
    }
}

/// <summary>Fits <see cref="BayesianKnowledgeTracing"/> per skill by EM.</summary>
public sealed class BktTrainer : IKnowledgeTracerTrainer
{
    /// <summary>EM iterations at most.</summary>
    public int MaxIterations { get; init; } = 40;

    /// <summary>Upper bound on guess and slip, so a skill cannot flip into "knowing means failing".</summary>
    public double MaxGuessSlip { get; init; } = 0.4;

    /// <inheritdoc/>
    public string Name => "bkt";

    /// <inheritdoc/>
    public IKnowledgeTracer Fit(IReadOnlyList<LearnerSequence> training)
    {
        ArgumentNullException.ThrowIfNull(training);
        var bySkill = new Dictionary<int, List<bool[]>>();
        foreach (var learner in training)
        {
            foreach (var group in learner.Attempts.GroupBy(a => a.Skill))
            {
                if (!bySkill.TryGetValue(group.Key, out var list))
                {
                    bySkill[group.Key] = list = [];
                }

                list.Add(group.Select(a => a.Correct).ToArray());
            }
        }

        var fitted = new Dictionary<int, BktParameters>();
        foreach (var (skill, sequences) in bySkill)
        {
            fitted[skill] = FitSkill(sequences);
        }

        var fallback = fitted.Count == 0
            ? BktParameters.Default
            : new BktParameters(fitted.Values.Average(p => p.Initial), fitted.Values.Average(p => p.Learn), fitted.Values.Average(p => p.Guess), fitted.Values.Average(p => p.Slip));
        return new BayesianKnowledgeTracing(fitted, fallback);
    }

    private BktParameters FitSkill(List<bool[]> sequences)
    {
        var p = BktParameters.Default;
        var previous = double.NegativeInfinity;
        for (var iteration = 0; iteration < MaxIterations; iteration++)
        {
            double initialKnown = 0, learnNumerator = 0, learnDenominator = 0;
            double guessNumerator = 0, guessDenominator = 0, slipNumerator = 0, slipDenominator = 0;
            double logLikelihood = 0;
            foreach (var outcomes in sequences)
            {
                var n = outcomes.Length;
                var alpha = new double[n];
                var beta = new double[n];
                var scale = new double[n];

                // Forward pass (alpha = P(known at t | answers up to t)), scaled.
                var prior = p.Initial;
                for (var t = 0; t < n; t++)
                {
                    var known = prior * (outcomes[t] ? 1 - p.Slip : p.Slip);
                    var unknown = (1 - prior) * (outcomes[t] ? p.Guess : 1 - p.Guess);
                    scale[t] = known + unknown;
                    alpha[t] = known / scale[t];
                    logLikelihood += System.Math.Log(scale[t]);
                    prior = alpha[t] + ((1 - alpha[t]) * p.Learn);
                }

                // Backward pass on the same scale; gamma = P(known at t | all answers).
                beta[n - 1] = 1;
                var betaUnknown = 1.0;
                var gamma = new double[n];
                gamma[n - 1] = alpha[n - 1];
                for (var t = n - 2; t >= 0; t--)
                {
                    var emitKnown = outcomes[t + 1] ? 1 - p.Slip : p.Slip;
                    var emitUnknown = outcomes[t + 1] ? p.Guess : 1 - p.Guess;
                    var nextKnown = beta[t + 1] * emitKnown;
                    var nextUnknown = betaUnknown * emitUnknown;
                    var bKnown = nextKnown / scale[t + 1];
                    var bUnknown = ((p.Learn * nextKnown) + ((1 - p.Learn) * nextUnknown)) / scale[t + 1];

                    // Expected transitions unknown(t) -> known(t+1).
                    learnNumerator += (1 - alpha[t]) * p.Learn * nextKnown / scale[t + 1];
                    learnDenominator += (1 - alpha[t]) * bUnknown;

                    beta[t] = bKnown;
                    betaUnknown = bUnknown;
                    gamma[t] = alpha[t] * bKnown;
                }

                initialKnown += gamma[0];
                for (var t = 0; t < n; t++)
                {
                    if (outcomes[t])
                    {
                        guessNumerator += 1 - gamma[t];
                    }
                    else
                    {
                        slipNumerator += gamma[t];
                    }

                    guessDenominator += 1 - gamma[t];
                    slipDenominator += gamma[t];
                }
            }

            p = new BktParameters(
                Clamp(initialKnown / sequences.Count, 0.001, 0.999),
                Clamp(learnDenominator > 0 ? learnNumerator / learnDenominator : p.Learn, 0.001, 0.999),
                Clamp(guessDenominator > 0 ? guessNumerator / guessDenominator : p.Guess, 0.001, MaxGuessSlip),
                Clamp(slipDenominator > 0 ? slipNumerator / slipDenominator : p.Slip, 0.001, MaxGuessSlip));
            if (logLikelihood - previous < 1e-6 * System.Math.Abs(logLikelihood))
            {
                break;
            }

            previous = logLikelihood;
        }

        return p;
    }

    private static double Clamp(double value, double min, double max) => double.IsFinite(value) ? System.Math.Clamp(value, min, max) : min;
}
