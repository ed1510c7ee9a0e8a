namespace MasteryPath.Domain.Learning;

/// <summary>
/// The project's learner model: logistic regression over features of the learner's own history, computed
/// online. Per skill: attempts, successes, failures, a recency bucket, the run of equal outcomes, the last
/// three outcomes and an exponential moving average; overall: counts, runs, the last three outcomes, an
/// Elo-style ability and mean residual; transfer between skills, learned from data two ways: weights for
/// (skill answered k steps ago, its outcome, current skill) for k = 1..3, and a skill–skill kernel from the
/// correlation of learners' residuals in training. Weights are fitted by L-BFGS with an L2 penalty whose
/// strength is chosen by cross-validation over learners inside the training data.
/// </summary>
public sealed class LogisticKnowledgeTracing : IKnowledgeTracer
{
    private readonly FeatureSpace _space;
    private readonly double[] _weights;

    internal LogisticKnowledgeTracing(FeatureSpace space, double[] weights, double lambda)
    {
        _space = space;
        _weights = weights;
        Lambda = lambda;
    }

    /// <summary>The L2 strength chosen by cross-validation.</summary>
    public double Lambda { get; }

    /// <summary>The number of weights.</summary>
    public int Dimension => _weights.Length;

    /// <inheritdoc/>
    public string Name => LogisticKnowledgeTracingTrainer.ModelName;

    /// <inheritdoc/>
    public ILearnerTrace StartLearner() => new Trace(this);

    /// <inheritdoc/>
    public ModelParameters Export() => new(
        Name,
        new Dictionary<string, double> { ["lambda"] = Lambda, ["skills"] = _space.Skills, ["global_rate"] = _space.GlobalRate },
        new Dictionary<string, double[]>
        {
            ["weights"] = (double[])_weights.Clone(),
            ["skill_rate"] = _space.SkillRates.ToArray(),
            ["kernel"] = _space.Kernel.Select(k => (double)k).ToArray(),
        });

    /// <summary>Rebuilds a model from <see cref="Export"/>'s output.</summary>
    /// <exception cref="FormatException">On missing or inconsistent parameters.</exception>
    public static LogisticKnowledgeTracing Import(ModelParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var skills = (int)parameters.Scalar("skills");
        var rates = parameters.Array("skill_rate");
        var kernel = parameters.Array("kernel");
        if (skills < 1 || rates.Length != skills || kernel.Length != skills * skills)
        {
            throw new FormatException("The lkt skill statistics do not match its skill count.");
        }

        var space = FeatureSpace.Restore(skills, rates, parameters.Scalar("global_rate"), kernel.Select(k => (float)k).ToArray());
        var weights = parameters.Array("weights");
        if (weights.Length != space.Dimension)
        {
            throw new FormatException($"The lkt model has {weights.Length} weights but its feature layout needs {space.Dimension}.");
        }

        return new LogisticKnowledgeTracing(space, weights, parameters.Scalar("lambda"));
    }

    private sealed class Trace(LogisticKnowledgeTracing model) : ILearnerTrace
    {
        private readonly LearnerHistory _history = new();
        private readonly List<int> _index = new(64);
        private readonly List<float> _value = new(64);

        public double PredictCorrect(int skill)
        {
            _index.Clear();
            _value.Clear();
            model._space.Extract(_history, skill, _index, _value);
            double z = 0;
            for (var k = 0; k < _index.Count; k++)
            {
                z += model._weights[_index[k]] * _value[k];
            }

            return SparseLogisticRegression.Sigmoid(z);
        }

        public void Observe(int skill, bool correct) => model._space.Update(_history, skill, correct);

        public double Mastery(int skill) => PredictCorrect(skill);
    }
}

/// <summary>Fits <see cref="LogisticKnowledgeTracing"/>, choosing the L2 strength by k-fold cross-validation over learners.</summary>
public sealed class LogisticKnowledgeTracingTrainer : IKnowledgeTracerTrainer
{
    /// <summary>The model's name in the catalog and in `kt eval`.</summary>
    public const string ModelName = "lkt";

    /// <summary>Candidate L2 strengths.</summary>
    public IReadOnlyList<double> Lambdas { get; init; } = [1e-5, 3e-5, 1e-4, 3e-4];

    /// <summary>Cross-validation folds (over learners); 1 skips cross-validation and uses the middle candidate.</summary>
    public int Folds { get; init; } = 5;

    /// <summary>Seed of the fold assignment.</summary>
    public ulong Seed { get; init; } = 12345;

    /// <inheritdoc/>
    public string Name => ModelName;

    /// <inheritdoc/>
    public IKnowledgeTracer Fit(IReadOnlyList<LearnerSequence> training)
    {
        ArgumentNullException.ThrowIfNull(training);
        var lambda = Folds > 1 && training.Count >= Folds ? ChooseLambda(training) : Lambdas[Lambdas.Count / 2];
        var space = FeatureSpace.FitStatistics(training);
        var rows = space.Rows(training);
        return new LogisticKnowledgeTracing(space, SparseLogisticRegression.Fit(rows, space.Dimension, lambda), lambda);
    }

    private double ChooseLambda(IReadOnlyList<LearnerSequence> training)
    {
        var random = new DeterministicRandom(Seed);
        var order = Enumerable.Range(0, training.Count).OrderBy(_ => random.NextUInt64()).ToArray();
        var auc = new double[Lambdas.Count];
        for (var fold = 0; fold < Folds; fold++)
        {
            var fit = order.Where((_, i) => i % Folds != fold).Select(i => training[i]).ToList();
            var held = order.Where((_, i) => i % Folds == fold).Select(i => training[i]).ToList();
            var space = FeatureSpace.FitStatistics(fit);
            var fitRows = space.Rows(fit);
            var heldRows = space.Rows(held);
            double[]? weights = null;

            // Strongest penalty first, each fit warm-starting the next.
            for (var l = Lambdas.Count - 1; l >= 0; l--)
            {
                weights = SparseLogisticRegression.Fit(fitRows, space.Dimension, Lambdas[l], weights);
                var predictions = new double[heldRows.Count];
                var outcomes = new bool[heldRows.Count];
                for (var i = 0; i < heldRows.Count; i++)
                {
                    predictions[i] = SparseLogisticRegression.Sigmoid(heldRows.Dot(i, weights));
                    outcomes[i] = heldRows.Label(i);
                }

                auc[l] += PredictionMetrics.ComputeAuc(predictions, outcomes) / Folds;
            }
        }

        return Lambdas[Array.IndexOf(auc, auc.Max())];
    }
}

/// <summary>What the model remembers about one skill of one learner.</summary>
internal sealed class SkillHistory
{
    public int Attempts { get; set; }

    public int Correct { get; set; }

    public int LastStep { get; set; }

    /// <summary>Signed run of equal outcomes: +3 = three right in a row, -2 = two wrong in a row.</summary>
    public int Run { get; set; }

    /// <summary>The last three outcomes as bits, most recent in bit 0.</summary>
    public int Pattern { get; set; }

    public double MovingAverage { get; set; }
}

/// <summary>What the model remembers about one learner: memory grows with the skills touched.</summary>
internal sealed class LearnerHistory
{
    public const int Remembered = 3;

    public Dictionary<int, SkillHistory> Skills { get; } = [];

    public int Attempts { get; set; }

    public int Correct { get; set; }

    public int Run { get; set; }

    public int Pattern { get; set; }

    public double MovingAverage { get; set; } = double.NaN;

    public double Residual { get; set; }

    public double Ability { get; set; }

    public int[] RecentSkills { get; } = new int[Remembered];

    public bool[] RecentOutcomes { get; } = new bool[Remembered];

    public int RecentCount { get; set; }
}

/// <summary>The feature layout and the statistics (skill success rates, skill kernel) fitted on training data.</summary>
internal sealed class FeatureSpace
{
    private const int GlobalFeatures = 5;
    private const int RecencyCategories = 17;
    private const int PreviousCategories = 12;
    private const int RunCategories = 26;
    private const int PatternCategories = 15;
    private const double PriorStrength = 5;
    private const double RatePrior = 2;
    private const double KernelShrink = 20;
    private const double KernelOffset = 2;
    private const double AverageDecay = 0.6;
    private const double EloRate = 0.4;
    private const double EloDamping = 0.05;

    private readonly int _skills;
    private readonly double[] _skillRate;
    private readonly double _globalRate;
    private readonly float[] _kernel;
    private readonly int _bias, _skill, _successes, _failures, _global, _rate, _recency, _previous, _runs, _lag, _ability, _abilityBySkill;
    private readonly int _elo, _eloBySkill, _pattern, _patternBySkill, _overallPattern, _average, _kernelFeature, _kernelBySkill;

    private FeatureSpace(int skills, double[] skillRate, double globalRate, float[] kernel)
    {
        _skills = skills;
        _skillRate = skillRate;
        _globalRate = globalRate;
        _kernel = kernel;
        var d = 0;
        int Take(int n)
        {
            var at = d;
            d += n;
            return at;
        }

        _bias = Take(1);
        _skill = Take(skills);
        _successes = Take(skills);
        _failures = Take(skills);
        _global = Take(GlobalFeatures);
        _rate = Take(2);
        _recency = Take(RecencyCategories);
        _previous = Take(PreviousCategories);
        _runs = Take(RunCategories);
        _lag = Take(LearnerHistory.Remembered * 2 * skills * skills);
        _ability = Take(1);
        _abilityBySkill = Take(skills);
        _elo = Take(1);
        _eloBySkill = Take(skills);
        _pattern = Take(PatternCategories);
        _patternBySkill = Take(PatternCategories * skills);
        _overallPattern = Take(PatternCategories * 2);
        _average = Take(2 + skills);
        _kernelFeature = Take(1);
        _kernelBySkill = Take(skills);
        Dimension = d;
    }

    public int Dimension { get; }

    public int Skills => _skills;

    public double GlobalRate => _globalRate;

    public IReadOnlyList<double> SkillRates => _skillRate;

    public IReadOnlyList<float> Kernel => _kernel;

    public static FeatureSpace Restore(int skills, double[] skillRate, double globalRate, float[] kernel) => new(skills, skillRate, globalRate, kernel);

    /// <summary>Skill 0 stands for every skill not seen in training.</summary>
    private int Map(int skill) => (uint)skill < (uint)_skills ? skill : 0;

    private static double Logit(double p) => System.Math.Log(p / (1 - p));

    private static double Log1P(int x) => System.Math.Log(1 + x);

    public static FeatureSpace FitStatistics(IReadOnlyList<LearnerSequence> training)
    {
        var skills = training.SelectMany(l => l.Attempts).Select(a => a.Skill).DefaultIfEmpty(0).Max() + 1;
        var attempts = new double[skills];
        var correct = new double[skills];
        double total = 0, totalCorrect = 0;
        foreach (var a in training.SelectMany(l => l.Attempts))
        {
            attempts[a.Skill]++;
            correct[a.Skill] += a.Correct ? 1 : 0;
            total++;
            totalCorrect += a.Correct ? 1 : 0;
        }

        var globalRate = total == 0 ? 0.5 : System.Math.Clamp(totalCorrect / total, 0.01, 0.99);
        var rate = new double[skills];
        for (var s = 0; s < skills; s++)
        {
            rate[s] = (correct[s] + (PriorStrength * globalRate)) / (attempts[s] + PriorStrength);
        }

        return new FeatureSpace(skills, rate, globalRate, FitKernel(training, skills, rate));
    }

    /// <summary>
    /// K[k, s]: how a learner's surplus of successes on skill k predicts their surplus on skill s, from the
    /// shrunken correlation of per-learner residuals, squared with its sign kept, scaled per column to max 1.
    /// </summary>
    private static float[] FitKernel(IReadOnlyList<LearnerSequence> training, int skills, double[] rate)
    {
        var sxy = new double[skills * skills];
        var sxx = new double[skills * skills];
        var syy = new double[skills * skills];
        var count = new double[skills * skills];
        var n = new int[skills];
        var c = new int[skills];
        foreach (var learner in training)
        {
            var touched = new List<int>();
            foreach (var a in learner.Attempts)
            {
                if (n[a.Skill] == 0)
                {
                    touched.Add(a.Skill);
                }

                n[a.Skill]++;
                c[a.Skill] += a.Correct ? 1 : 0;
            }

            foreach (var k in touched)
            {
                var mk = (c[k] - (n[k] * rate[k])) / n[k];
                foreach (var s in touched)
                {
                    if (s == k)
                    {
                        continue;
                    }

                    var ms = (c[s] - (n[s] * rate[s])) / n[s];
                    var ix = (k * skills) + s;
                    sxy[ix] += mk * ms;
                    sxx[ix] += mk * mk;
                    syy[ix] += ms * ms;
                    count[ix]++;
                }
            }

            foreach (var k in touched)
            {
                n[k] = 0;
                c[k] = 0;
            }
        }

        var kernel = new float[skills * skills];
        for (var s = 0; s < skills; s++)
        {
            var max = 1e-12;
            for (var k = 0; k < skills; k++)
            {
                var ix = (k * skills) + s;
                if (k == s || count[ix] < 2 || sxx[ix] <= 0 || syy[ix] <= 0)
                {
                    continue;
                }

                var r = sxy[ix] / System.Math.Sqrt(sxx[ix] * syy[ix]) * count[ix] / (count[ix] + KernelShrink);
                var v = System.Math.Sign(r) * r * r;
                kernel[ix] = (float)v;
                max = System.Math.Max(max, System.Math.Abs(v));
            }

            for (var k = 0; k < skills; k++)
            {
                kernel[(k * skills) + s] = (float)(kernel[(k * skills) + s] / max);
            }
        }

        return kernel;
    }

    public SparseRows Rows(IReadOnlyList<LearnerSequence> learners)
    {
        var rows = new SparseRows();
        var index = new List<int>(64);
        var value = new List<float>(64);
        foreach (var learner in learners)
        {
            var history = new LearnerHistory();
            foreach (var a in learner.Attempts)
            {
                index.Clear();
                value.Clear();
                Extract(history, a.Skill, index, value);
                rows.Add(index, value, a.Correct);
                Update(history, a.Skill, a.Correct);
            }
        }

        return rows;
    }

    private static int Bucket(int gap) => gap switch
    {
        <= 1 => 0,
        2 => 1,
        3 => 2,
        <= 5 => 3,
        <= 10 => 4,
        <= 20 => 5,
        <= 50 => 6,
        _ => 7,
    };

    public void Extract(LearnerHistory h, int rawSkill, List<int> index, List<float> value)
    {
        var s = Map(rawSkill);
        h.Skills.TryGetValue(s, out var sh);
        var n = sh?.Attempts ?? 0;
        var c = sh?.Correct ?? 0;
        var w = n - c;
        void Add(int i, double v)
        {
            index.Add(i);
            value.Add((float)v);
        }

        Add(_bias, 1);
        Add(_skill + s, 1);
        if (c > 0)
        {
            Add(_successes + s, Log1P(c));
        }

        if (w > 0)
        {
            Add(_failures + s, Log1P(w));
        }

        Add(_global, Log1P(c));
        Add(_global + 1, Log1P(w));
        Add(_global + 2, Log1P(h.Correct));
        Add(_global + 3, Log1P(h.Attempts - h.Correct));
        if (n == 0)
        {
            Add(_global + 4, 1);
        }

        Add(_rate, Logit((c + (RatePrior * _skillRate[s])) / (n + RatePrior)));
        Add(_rate + 1, Logit((h.Correct + (RatePrior * _globalRate)) / (h.Attempts + RatePrior)));
        Add(_recency + (sh is null ? 16 : (sh.Run > 0 ? 8 : 0) + Bucket(h.Attempts - sh.LastStep)), 1);

        var recent = h.RecentCount;
        Add(_previous + (recent >= 1 ? ((h.RecentOutcomes[0] ? 2 : 1) * 2) + (h.RecentSkills[0] == s ? 1 : 0) : 0), 1);
        Add(_previous + 6 + (recent >= 2 ? 1 + (h.RecentOutcomes[1] ? 1 : 0) : 0), 1);
        Add(_previous + 9 + (recent >= 3 ? 1 + (h.RecentOutcomes[2] ? 1 : 0) : 0), 1);

        Add(_runs + 6 + (sh is null ? 0 : System.Math.Clamp(sh.Run, -6, 6)), 1);
        Add(_runs + 19 + System.Math.Clamp(h.Run, -6, 6), 1);

        for (var k = 0; k < recent; k++)
        {
            Add(_lag + (((((k * 2) + (h.RecentOutcomes[k] ? 1 : 0)) * _skills) + h.RecentSkills[k]) * _skills) + s, 1);
        }

        var ability = h.Residual / (h.Attempts + 2);
        Add(_ability, ability);
        Add(_abilityBySkill + s, ability);
        Add(_elo, h.Ability);
        Add(_eloBySkill + s, h.Ability);

        var length = System.Math.Min(n, 3);
        var pattern = (1 << length) - 1 + (sh is null ? 0 : sh.Pattern & ((1 << length) - 1));
        Add(_pattern + pattern, 1);
        Add(_patternBySkill + (s * PatternCategories) + pattern, 1);
        var overallLength = System.Math.Min(h.Attempts, 3);
        var overall = (1 << overallLength) - 1 + (h.Pattern & ((1 << overallLength) - 1));
        Add(_overallPattern + (overall * 2) + (recent > 0 && h.RecentSkills[0] == s ? 1 : 0), 1);

        var average = sh is null ? _skillRate[s] : sh.MovingAverage;
        Add(_average, average - _skillRate[s]);
        Add(_average + 2 + s, average - _skillRate[s]);
        if (!double.IsNaN(h.MovingAverage))
        {
            Add(_average + 1, h.MovingAverage - _globalRate);
        }

        double numerator = 0, denominator = KernelOffset;
        foreach (var (k, kh) in h.Skills)
        {
            var weight = k == s ? 0 : _kernel[(k * _skills) + s];
            if (weight != 0)
            {
                numerator += weight * (kh.Correct - (kh.Attempts * _skillRate[k]));
                denominator += System.Math.Abs(weight) * kh.Attempts;
            }
        }

        Add(_kernelFeature, numerator / denominator);
        Add(_kernelBySkill + s, numerator / denominator);
    }

    public void Update(LearnerHistory h, int rawSkill, bool correct)
    {
        var s = Map(rawSkill);
        var r = correct ? 1 : 0;
        if (!h.Skills.TryGetValue(s, out var sh))
        {
            sh = new SkillHistory();
            h.Skills[s] = sh;
        }

        var expected = SparseLogisticRegression.Sigmoid(h.Ability + Logit(_skillRate[s]));
        h.Ability += EloRate / (1 + (EloDamping * h.Attempts)) * (r - expected);
        h.Residual += r - _skillRate[s];
        sh.Run = sh.Attempts == 0 ? (correct ? 1 : -1) : correct ? (sh.Run > 0 ? sh.Run + 1 : 1) : (sh.Run < 0 ? sh.Run - 1 : -1);
        sh.Pattern = ((sh.Pattern << 1) | r) & 7;
        sh.MovingAverage = ((sh.Attempts == 0 ? _skillRate[s] : sh.MovingAverage) * AverageDecay) + ((1 - AverageDecay) * r);
        h.Pattern = ((h.Pattern << 1) | r) & 7;
        h.MovingAverage = ((double.IsNaN(h.MovingAverage) ? _globalRate : h.MovingAverage) * AverageDecay) + ((1 - AverageDecay) * r);
        sh.Attempts++;
        sh.Correct += r;
        sh.LastStep = h.Attempts;
        h.Run = h.Attempts == 0 ? (correct ? 1 : -1) : correct ? (h.Run > 0 ? h.Run + 1 : 1) : (h.Run < 0 ? h.Run - 1 : -1);
        h.Attempts++;
        h.Correct += r;
        for (var k = System.Math.Min(h.RecentCount, LearnerHistory.Remembered - 1); k > 0; k--)
        {
            h.RecentSkills[k] = h.RecentSkills[k - 1];
            h.RecentOutcomes[k] = h.RecentOutcomes[k - 1];
        }

        h.RecentSkills[0] = s;
        h.RecentOutcomes[0] = correct;
        h.RecentCount = System.Math.Min(h.RecentCount + 1, LearnerHistory.Remembered);
    }
}
