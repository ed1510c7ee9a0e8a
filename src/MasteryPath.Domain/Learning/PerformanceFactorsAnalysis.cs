namespace MasteryPath.Domain.Learning;

/// <summary>PFA weights of one skill: logit P(correct) = Easiness + SuccessWeight·successes + FailureWeight·failures.</summary>
public readonly record struct PfaParameters(double Easiness, double SuccessWeight, double FailureWeight);

/// <summary>
/// Performance Factors Analysis (Pavlik, Cen &amp; Koedinger 2009): a logistic model of the learner's prior
/// successes and failures on the skill. A baseline.
/// </summary>
public sealed class PerformanceFactorsAnalysis(IReadOnlyDictionary<int, PfaParameters> parameters, PfaParameters fallback) : IKnowledgeTracer
{
    /// <summary>Fitted parameters per skill.</summary>
    public IReadOnlyDictionary<int, PfaParameters> Parameters { get; } = parameters;

    /// <summary>Used for skills never seen in training.</summary>
    public PfaParameters Fallback { get; } = fallback;

    /// <inheritdoc/>
    public string Name => "pfa";

    /// <inheritdoc/>
    public ILearnerTrace StartLearner() => new Trace(this);

    /// <inheritdoc/>
    public ModelParameters Export() => ModelParameters.PerSkill(
        Name,
        Parameters,
        Fallback,
        ("easiness", p => p.Easiness),
        ("success", p => p.SuccessWeight),
        ("failure", p => p.FailureWeight));

    /// <summary>Rebuilds a model from <see cref="Export"/>'s output.</summary>
    /// <exception cref="FormatException">On missing or inconsistent parameters.</exception>
    public static PerformanceFactorsAnalysis Import(ModelParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var (perSkill, fallback) = parameters.ReadPerSkill("easiness", "success", "failure");
        static PfaParameters From(double[] v) => new(v[0], v[1], v[2]);
        return new PerformanceFactorsAnalysis(perSkill.ToDictionary(p => p.Key, p => From(p.Value)), From(fallback));
    }

    /// <summary>Counts above this add nothing more: a long history should not push the logit without bound.</summary>
    internal const int CountCap = 50;

    internal static double Sigmoid(double z) => 1 / (1 + System.Math.Exp(-z));

    private sealed class Trace(PerformanceFactorsAnalysis model) : ILearnerTrace
    {
        private readonly Dictionary<int, (int Successes, int Failures)> _counts = [];

        public double PredictCorrect(int skill)
        {
            var p = model.Parameters.TryGetValue(skill, out var found) ? found : model.Fallback;
            var (s, f) = _counts.GetValueOrDefault(skill);
            return Sigmoid(p.Easiness + (p.SuccessWeight * System.Math.Min(s, CountCap)) + (p.FailureWeight * System.Math.Min(f, CountCap)));
        }

        public void Observe(int skill, bool correct)
        {
            var (s, f) = _counts.GetValueOrDefault(skill);
            _counts[skill] = correct ? (s + 1, f) : (s, f + 1);
        }

        public double Mastery(int skill) => PredictCorrect(skill);

        public void Save(BinaryWriter writer)
        {
            writer.Write(_counts.Count);
            foreach (var (skill, (successes, failures)) in _counts)
            {
                writer.Write(skill);
                writer.Write(successes);
                writer.Write(failures);
            }
        }

        public void Restore(BinaryReader reader)
        {
            _counts.Clear();
            for (var n = reader.ReadInt32(); n > 0; n--)
            {
                _counts[reader.ReadInt32()] = (reader.ReadInt32(), reader.ReadInt32());
            }
        }
    }
}

/// <summary>Fits <see cref="PerformanceFactorsAnalysis"/> by full-batch Adam on the log loss with a small L2 penalty.</summary>
public sealed class PfaTrainer : IKnowledgeTracerTrainer
{
    /// <summary>Gradient steps.</summary>
    public int Iterations { get; init; } = 400;

    /// <summary>L2 penalty per weight.</summary>
    public double L2 { get; init; } = 1e-4;

    /// <inheritdoc/>
    public string Name => "pfa";

    /// <inheritdoc/>
    public IKnowledgeTracer Fit(IReadOnlyList<LearnerSequence> training)
    {
        ArgumentNullException.ThrowIfNull(training);
        var rows = new List<(int Skill, int Successes, int Failures, bool Correct)>();
        foreach (var learner in training)
        {
            var counts = new Dictionary<int, (int S, int F)>();
            foreach (var a in learner.Attempts)
            {
                var (s, f) = counts.GetValueOrDefault(a.Skill);
                rows.Add((a.Skill, s, f, a.Correct));
                counts[a.Skill] = a.Correct ? (s + 1, f) : (s, f + 1);
            }
        }

        var skills = rows.Select(r => r.Skill).Distinct().Order().ToArray();
        var index = skills.Select((s, i) => (s, i)).ToDictionary(p => p.s, p => p.i);
        var w = new double[skills.Length * 3];
        var m = new double[w.Length];
        var v = new double[w.Length];
        const double rate = 0.05, beta1 = 0.9, beta2 = 0.999;
        for (var iteration = 1; iteration <= Iterations; iteration++)
        {
            var gradient = new double[w.Length];
            foreach (var (skill, s, f, correct) in rows)
            {
                var k = index[skill] * 3;
                var p = PerformanceFactorsAnalysis.Sigmoid(w[k] + (w[k + 1] * System.Math.Min(s, PerformanceFactorsAnalysis.CountCap)) + (w[k + 2] * System.Math.Min(f, PerformanceFactorsAnalysis.CountCap)));
                var error = p - (correct ? 1 : 0);
                gradient[k] += error;
                gradient[k + 1] += error * System.Math.Min(s, PerformanceFactorsAnalysis.CountCap);
                gradient[k + 2] += error * System.Math.Min(f, PerformanceFactorsAnalysis.CountCap);
            }

            for (var j = 0; j < w.Length; j++)
            {
                var g = (gradient[j] / rows.Count) + (L2 * w[j]);
                m[j] = (beta1 * m[j]) + ((1 - beta1) * g);
                v[j] = (beta2 * v[j]) + ((1 - beta2) * g * g);
                var mHat = m[j] / (1 - System.Math.Pow(beta1, iteration));
                var vHat = v[j] / (1 - System.Math.Pow(beta2, iteration));
                w[j] -= rate * mHat / (System.Math.Sqrt(vHat) + 1e-8);
            }
        }

        var fitted = skills.ToDictionary(s => s, s => new PfaParameters(w[index[s] * 3], w[(index[s] * 3) + 1], w[(index[s] * 3) + 2]));
        var fallback = fitted.Count == 0
            ? new PfaParameters(0, 0.1, -0.1)
            : new PfaParameters(fitted.Values.Average(p => p.Easiness), fitted.Values.Average(p => p.SuccessWeight), fitted.Values.Average(p => p.FailureWeight));
        return new PerformanceFactorsAnalysis(fitted, fallback);
    }
}
