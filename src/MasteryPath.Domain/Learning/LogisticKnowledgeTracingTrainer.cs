namespace MasteryPath.Domain.Learning;

/// <summary>
/// Fits <see cref="LogisticKnowledgeTracing"/>. The L2 strength is chosen by k-fold cross-validation over
/// learners inside the training data, from candidates given as prior strengths relative to the data size
/// (λ = strength / answers), so the same grid suits a course log of a few thousand answers and a public data
/// set of a few hundred thousand. Training rows read skill statistics fitted without their own learner
/// (<see cref="FeatureSpace.CrossFittedRows"/>).
/// </summary>
public sealed class LogisticKnowledgeTracingTrainer : IKnowledgeTracerTrainer
{
    /// <summary>The model's name in the catalog and in `kt eval`.</summary>
    public const string ModelName = "lkt";

    /// <summary>Candidate prior strengths λ · answers; the default grid.</summary>
    public IReadOnlyList<double> PriorStrengths { get; init; } = [1, 3, 10, 30, 100];

    /// <summary>Explicit candidate L2 strengths; when set, they replace <see cref="PriorStrengths"/>.</summary>
    public IReadOnlyList<double>? Lambdas { get; init; }

    /// <summary>Cross-validation folds (over learners); 1 skips cross-validation.</summary>
    public int Folds { get; init; } = 5;

    /// <summary>Groups of learners for the cross-fitted statistics of training rows; 1 lets rows read statistics of their own learner.</summary>
    public int StatisticFolds { get; init; } = 5;

    /// <summary>Seed of the fold assignment.</summary>
    public ulong Seed { get; init; } = 12345;

    /// <summary>Below this many learners per fold the trainer does not cross-validate and takes the strongest-but-one candidate.</summary>
    public int MinimumLearnersPerFold { get; init; } = 4;

    /// <summary>How many cross-validation folds may fit at once; each holds its own rows in memory, so two bound the peak at about twice one fold's.</summary>
    public int MaxParallelFolds { get; init; } = 2;

    /// <inheritdoc/>
    public string Name => ModelName;

    /// <inheritdoc/>
    public IKnowledgeTracer Fit(IReadOnlyList<LearnerSequence> training)
    {
        ArgumentNullException.ThrowIfNull(training);
        var lambda = Folds > 1 && training.Count >= Folds * MinimumLearnersPerFold ? ChooseLambda(training) : Fallback(training);
        var space = FeatureSpace.Fit(training);
        var rows = space.CrossFittedRows(training, StatisticFolds);
        return new LogisticKnowledgeTracing(space, SparseLogisticRegression.Fit(rows, space.Dimension, lambda), lambda);
    }

    /// <summary>The candidate L2 strengths for a fitting set of <paramref name="answers"/> answers, strongest last.</summary>
    public IReadOnlyList<double> Candidates(int answers) =>
        Lambdas?.Order().ToArray() ?? PriorStrengths.Order().Select(s => s / System.Math.Max(1, answers)).ToArray();

    private double Fallback(IReadOnlyList<LearnerSequence> training)
    {
        var candidates = Candidates(training.Sum(l => l.Attempts.Count));
        return candidates[System.Math.Max(0, candidates.Count - 2)];
    }

    private double ChooseLambda(IReadOnlyList<LearnerSequence> training)
    {
        var random = new DeterministicRandom(Seed);
        var order = Enumerable.Range(0, training.Count).OrderBy(_ => random.NextUInt64()).ToArray();
        var strengths = Lambdas ?? PriorStrengths;
        var foldScores = new double[Folds][];

        // Folds are independent: fit them side by side; scores are summed in fold order, so the choice is deterministic.
        Parallel.For(0, Folds, new ParallelOptions { MaxDegreeOfParallelism = MaxParallelFolds }, fold =>
        {
            var fit = order.Where((_, i) => i % Folds != fold).Select(i => training[i]).ToList();
            var held = order.Where((_, i) => i % Folds == fold).Select(i => training[i]).ToList();
            var space = FeatureSpace.Fit(fit);
            var fitRows = space.CrossFittedRows(fit, StatisticFolds);
            var heldRows = space.Rows(held);
            var lambdas = Candidates(fitRows.Count);
            var scores = new double[strengths.Count];
            double[]? weights = null;

            // Strongest penalty first, each fit warm-starting the next.
            for (var l = lambdas.Count - 1; l >= 0; l--)
            {
                weights = SparseLogisticRegression.Fit(fitRows, space.Dimension, lambdas[l], weights);
                var predictions = new double[heldRows.Count];
                var outcomes = new bool[heldRows.Count];
                for (var i = 0; i < heldRows.Count; i++)
                {
                    predictions[i] = SparseLogisticRegression.Sigmoid(heldRows.Dot(i, weights));
                    outcomes[i] = heldRows.Label(i);
                }

                var auc = PredictionMetrics.ComputeAuc(predictions, outcomes);
                scores[l] = double.IsNaN(auc) ? 0.5 : auc;
            }

            foldScores[fold] = scores;
        });

        var score = new double[strengths.Count];
        foreach (var scores in foldScores)
        {
            for (var l = 0; l < score.Length; l++)
            {
                score[l] += scores[l] / Folds;
            }
        }

        var best = Array.IndexOf(score, score.Max());
        return Candidates(training.Sum(l => l.Attempts.Count))[best];
    }
}
