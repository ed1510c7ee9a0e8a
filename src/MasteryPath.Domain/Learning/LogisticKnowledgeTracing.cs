namespace MasteryPath.Domain.Learning;

/// <summary>
/// The project's learner model: logistic regression over features of the learner's own history, computed
/// online. Per skill: attempts, successes, failures, a recency bucket, the run of equal outcomes, the last
/// three outcomes and an exponential moving average; overall: counts, runs, the last three outcomes, an
/// Elo-style ability, mean and recent residuals; transfer between skills, learned from data two ways: weights
/// for (skill answered k steps ago, its outcome, current skill) for k = 1..3 — one weight for each such triple
/// that occurs in training — and a skill–skill kernel from the correlation of learners' residuals in training.
/// Fitted by <see cref="LogisticKnowledgeTracingTrainer"/>.
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
        new Dictionary<string, double> { ["lambda"] = Lambda, ["skills"] = _space.Skills, ["global_rate"] = _space.Statistics.GlobalRate },
        new Dictionary<string, double[]>
        {
            ["weights"] = (double[])_weights.Clone(),
            ["skill_rate"] = (double[])_space.Statistics.Rate.Clone(),
            ["kernel"] = _space.Statistics.Kernel.Select(k => (double)k).ToArray(),
            ["lag_keys"] = _space.LagKeys.Select(k => (double)k).ToArray(),
        });

    /// <summary>Rebuilds a model from <see cref="Export"/>'s output.</summary>
    /// <exception cref="FormatException">On missing or inconsistent parameters.</exception>
    public static LogisticKnowledgeTracing Import(ModelParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var skills = (int)parameters.Scalar("skills");
        var rates = parameters.Array("skill_rate");
        var kernel = parameters.Array("kernel");
        if (skills < 1 || rates.Length != skills || kernel.Length != (long)skills * skills)
        {
            throw new FormatException("The lkt skill statistics do not match its skill count.");
        }

        var lagKeys = parameters.Array("lag_keys").Select(k => (long)k).ToArray();
        var limit = LearnerHistory.Remembered * 2L * skills * skills;
        if (lagKeys.Any(k => k < 0 || k >= limit) || lagKeys.Distinct().Count() != lagKeys.Length)
        {
            throw new FormatException("The lkt lag keys are out of range or repeated.");
        }

        var statistics = new SkillStatistics(skills, rates, parameters.Scalar("global_rate"), kernel.Select(k => (float)k).ToArray());
        var space = FeatureSpace.Restore(statistics, lagKeys);
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

        public void Save(BinaryWriter writer) => _history.Save(writer);

        public void Restore(BinaryReader reader) => _history.Restore(reader);
    }
}
