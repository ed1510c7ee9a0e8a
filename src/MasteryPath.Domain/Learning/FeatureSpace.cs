namespace MasteryPath.Domain.Learning;

/// <summary>
/// The feature layout of <see cref="LogisticKnowledgeTracing"/> and the training statistics its features read.
/// The layout (skill count, which lag triples have a weight) is fixed by the training data; the statistics can
/// be swapped (<see cref="WithStatistics"/>) so that training rows read statistics fitted without their own learner.
/// </summary>
internal sealed class FeatureSpace
{
    private const int GlobalFeatures = 5;
    private const int RecencyCategories = 17;
    private const int PreviousCategories = 12;
    private const int RunCategories = 26;
    private const int PatternCategories = 15;
    private const double RatePrior = 2;
    private const double KernelOffset = 2;
    private const double AverageDecay = 0.6;
    private const double EloRate = 0.4;
    private const double EloDamping = 0.05;
    private const double FastDecay = 0.5;
    private const double SlowDecay = 0.9;

    private readonly int _skills;
    private readonly SkillStatistics _statistics;
    private readonly Dictionary<long, int> _lag;
    private readonly long[] _lagKeys;
    private readonly int _bias, _skill, _successes, _failures, _global, _rate, _recency, _previous, _runs, _ability, _abilityBySkill;
    private readonly int _elo, _eloBySkill, _pattern, _patternBySkill, _overallPattern, _average, _kernelFeature, _kernelBySkill, _residual, _lagStart;

    private FeatureSpace(SkillStatistics statistics, long[] lagKeys)
    {
        _skills = statistics.Skills;
        _statistics = statistics;
        _lagKeys = lagKeys;
        var d = 0;
        int Take(int n)
        {
            var at = d;
            d += n;
            return at;
        }

        var skills = _skills;
        _bias = Take(1);
        _skill = Take(skills);
        _successes = Take(skills);
        _failures = Take(skills);
        _global = Take(GlobalFeatures);
        _rate = Take(2);
        _recency = Take(RecencyCategories);
        _previous = Take(PreviousCategories);
        _runs = Take(RunCategories);
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
        _residual = Take(2);
        _lagStart = Take(lagKeys.Length);
        _lag = new Dictionary<long, int>(lagKeys.Length);
        for (var i = 0; i < lagKeys.Length; i++)
        {
            _lag[lagKeys[i]] = _lagStart + i;
        }

        Dimension = d;
    }

    public int Dimension { get; }

    public int Skills => _skills;

    public SkillStatistics Statistics => _statistics;

    /// <summary>The (lag, outcome, earlier skill, current skill) triples that have a weight, encoded as in <see cref="LagKey"/>.</summary>
    public IReadOnlyList<long> LagKeys => _lagKeys;

    /// <summary>The range of weights that belong to lag triples: [start, start + count).</summary>
    public (int Start, int Count) LagBlock => (_lagStart, _lagKeys.Length);

    public static FeatureSpace Restore(SkillStatistics statistics, long[] lagKeys) => new(statistics, lagKeys);

    /// <summary>
    /// The layout for <paramref name="training"/>: skills 0..max plus one slot for skills not seen in training
    /// (it keeps the global rate and no weights of its own), and a weight for every lag triple that occurs
    /// in it at least <paramref name="minimumLagCount"/> times (a dense skills² block would be millions of
    /// weights when skills are exercise ids).
    /// </summary>
    public static FeatureSpace Fit(IReadOnlyList<LearnerSequence> training, int minimumLagCount = 1)
    {
        var skills = training.SelectMany(l => l.Attempts).Select(a => a.Skill).DefaultIfEmpty(-1).Max() + 2;
        var counts = new Dictionary<long, int>();
        foreach (var learner in training)
        {
            var attempts = learner.Attempts;
            for (var t = 1; t < attempts.Count; t++)
            {
                for (var k = 0; k < LearnerHistory.Remembered && k < t; k++)
                {
                    var earlier = attempts[t - 1 - k];
                    var key = LagKey(skills, k, earlier.Correct, earlier.Skill, attempts[t].Skill);
                    counts[key] = counts.GetValueOrDefault(key) + 1;
                }
            }
        }

        var keys = counts.Where(p => p.Value >= minimumLagCount).Select(p => p.Key).Order().ToArray();
        return new FeatureSpace(SkillStatistics.Fit(training, skills), keys);
    }

    /// <summary>The same layout reading other statistics (of the same skill count).</summary>
    public FeatureSpace WithStatistics(SkillStatistics statistics) => new(statistics, _lagKeys);

    public static long LagKey(int skills, int lag, bool correct, int earlier, int current) =>
        (((((long)lag * 2) + (correct ? 1 : 0)) * skills) + earlier) * skills + current;

    /// <summary>The last slot stands for every skill not seen in training.</summary>
    private int Map(int skill) => (uint)skill < (uint)(_skills - 1) ? skill : _skills - 1;

    private static double Logit(double p) => System.Math.Log(p / (1 - p));

    private static double Log1P(int x) => System.Math.Log(1 + x);

    /// <summary>Training rows of <paramref name="learners"/>, each reading this space's statistics.</summary>
    public SparseRows Rows(IEnumerable<LearnerSequence> learners, SparseRows? into = null)
    {
        var rows = into ?? new SparseRows();
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

    /// <summary>
    /// Training rows whose statistics never saw their own learner: the learners are split into
    /// <paramref name="folds"/> groups and each group's rows read statistics fitted on the others. Otherwise a
    /// learner's own answers leak into their skill rates and kernel, most where skills have few answers, and the
    /// weights learn to trust those statistics more than they deserve on new learners.
    /// </summary>
    public SparseRows CrossFittedRows(IReadOnlyList<LearnerSequence> learners, int folds)
    {
        if (folds < 2 || learners.Count < folds)
        {
            return Rows(learners);
        }

        var rows = new SparseRows();
        for (var fold = 0; fold < folds; fold++)
        {
            var f = fold;
            var others = learners.Where((_, i) => i % folds != f);
            var statistics = SkillStatistics.Fit(others, _skills);
            WithStatistics(statistics).Rows(learners.Where((_, i) => i % folds == f), rows);
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
        var rate = _statistics.Rate;
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

        Add(_rate, Logit((c + (RatePrior * rate[s])) / (n + RatePrior)));
        Add(_rate + 1, Logit((h.Correct + (RatePrior * _statistics.GlobalRate)) / (h.Attempts + RatePrior)));
        Add(_recency + (sh is null ? 16 : (sh.Run > 0 ? 8 : 0) + Bucket(h.Attempts - sh.LastStep)), 1);

        var recent = h.RecentCount;
        Add(_previous + (recent >= 1 ? ((h.RecentOutcomes[0] ? 2 : 1) * 2) + (h.RecentSkills[0] == s ? 1 : 0) : 0), 1);
        Add(_previous + 6 + (recent >= 2 ? 1 + (h.RecentOutcomes[1] ? 1 : 0) : 0), 1);
        Add(_previous + 9 + (recent >= 3 ? 1 + (h.RecentOutcomes[2] ? 1 : 0) : 0), 1);

        Add(_runs + 6 + (sh is null ? 0 : System.Math.Clamp(sh.Run, -6, 6)), 1);
        Add(_runs + 19 + System.Math.Clamp(h.Run, -6, 6), 1);

        for (var k = 0; k < recent; k++)
        {
            if (_lag.TryGetValue(LagKey(_skills, k, h.RecentOutcomes[k], h.RecentSkills[k], s), out var at))
            {
                Add(at, 1);
            }
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

        var average = sh is null ? rate[s] : sh.MovingAverage;
        Add(_average, average - rate[s]);
        Add(_average + 2 + s, average - rate[s]);
        if (!double.IsNaN(h.MovingAverage))
        {
            Add(_average + 1, h.MovingAverage - _statistics.GlobalRate);
        }

        double numerator = 0, denominator = KernelOffset;
        var kernel = _statistics.Kernel;
        foreach (var (k, kh) in h.Skills)
        {
            var weight = k == s ? 0 : kernel[((long)k * _skills) + s];
            if (weight != 0)
            {
                numerator += weight * (kh.Correct - (kh.Attempts * rate[k]));
                denominator += System.Math.Abs(weight) * kh.Attempts;
            }
        }

        Add(_kernelFeature, numerator / denominator);
        Add(_kernelBySkill + s, numerator / denominator);
        Add(_residual, h.FastResidual);
        Add(_residual + 1, h.SlowResidual);
    }

    public void Update(LearnerHistory h, int rawSkill, bool correct)
    {
        var rate = _statistics.Rate;
        var s = Map(rawSkill);
        var r = correct ? 1 : 0;
        if (!h.Skills.TryGetValue(s, out var sh))
        {
            sh = new SkillHistory();
            h.Skills[s] = sh;
        }

        var expected = SparseLogisticRegression.Sigmoid(h.Ability + Logit(rate[s]));
        h.Ability += EloRate / (1 + (EloDamping * h.Attempts)) * (r - expected);
        h.Residual += r - rate[s];
        h.FastResidual = (FastDecay * h.FastResidual) + ((1 - FastDecay) * (r - rate[s]));
        h.SlowResidual = (SlowDecay * h.SlowResidual) + ((1 - SlowDecay) * (r - rate[s]));
        sh.Run = sh.Attempts == 0 ? (correct ? 1 : -1) : correct ? (sh.Run > 0 ? sh.Run + 1 : 1) : (sh.Run < 0 ? sh.Run - 1 : -1);
        sh.Pattern = ((sh.Pattern << 1) | r) & 7;
        sh.MovingAverage = ((sh.Attempts == 0 ? rate[s] : sh.MovingAverage) * AverageDecay) + ((1 - AverageDecay) * r);
        h.Pattern = ((h.Pattern << 1) | r) & 7;
        h.MovingAverage = ((double.IsNaN(h.MovingAverage) ? _statistics.GlobalRate : h.MovingAverage) * AverageDecay) + ((1 - AverageDecay) * r);
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
