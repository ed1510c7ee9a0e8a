using MasteryPath.Domain.Skills;

namespace MasteryPath.Domain.Learning;

/// <summary>One answer as the fitter reads it.</summary>
/// <param name="Skill">The skill answered.</param>
/// <param name="Correct">Whether it was right.</param>
public readonly record struct SkillAnswer(SkillId Skill, bool Correct);

/// <summary>How well one model predicted the held-out learners' answers.</summary>
/// <param name="Metrics">AUC, log loss, RMSE, accuracy.</param>
/// <param name="Ece">Expected calibration error (10 bins).</param>
/// <param name="Reliability">The reliability table.</param>
public sealed record HeldOutScore(PredictionMetrics Metrics, double Ece, IReadOnlyList<ReliabilityBin> Reliability);

/// <summary>A fitted model with what it was fitted on and how it did on learners it never saw.</summary>
/// <param name="Model">The model, refitted on every learner.</param>
/// <param name="Learners">Learners with answers.</param>
/// <param name="Answers">Answers fitted on.</param>
/// <param name="HeldOutLearners">Learners held out for the scores below.</param>
/// <param name="Fitted">P(correct) of the fitted model on the held-out learners.</param>
/// <param name="ColdStart">P(correct) of the cold-start model on the same learners, for comparison.</param>
public sealed record LearnerModelFit(LearnerModel Model, int Learners, int Answers, int HeldOutLearners, HeldOutScore Fitted, HeldOutScore ColdStart);

/// <summary>
/// Fits a course's <see cref="LearnerModel"/> on its own answers: the knowledge part per skill by EM (shrunk towards
/// the cold-start parameters where a skill has few answers, and clamped into the range where the laws of evidence
/// hold), the P(correct) predictor with the given trainer. Scores come from a fit on 80 % of the learners,
/// tested on the other 20 %; the model returned is then refitted on everyone.
/// </summary>
public sealed class LearnerModelFitter
{
    /// <summary>The fewest learners a fit needs.</summary>
    public int MinLearners { get; init; } = 10;

    /// <summary>The fewest answers a fit needs.</summary>
    public int MinAnswers { get; init; } = 200;

    /// <summary>Answers at which a skill's own EM estimate and the cold start weigh the same.</summary>
    public double ShrinkAnswers { get; init; } = 50;

    /// <summary>The P(correct) predictor's trainer.</summary>
    public IKnowledgeTracerTrainer CorrectnessTrainer { get; init; } = new LogisticKnowledgeTracingTrainer();

    /// <summary>Seed of the held-out split.</summary>
    public ulong Seed { get; init; } = 20261204;

    /// <summary>Why the data cannot be fitted yet, or null when it can.</summary>
    public string? Refusal(IReadOnlyDictionary<string, IReadOnlyList<SkillAnswer>> answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var learners = answers.Count(a => a.Value.Count > 0);
        var total = answers.Sum(a => a.Value.Count);
        return learners < MinLearners || total < MinAnswers
            ? $"Not enough answers to fit a model yet: {learners} learners and {total} answers; at least {MinLearners} learners and {MinAnswers} answers are needed."
            : null;
    }

    /// <summary>Fits on <paramref name="answers"/> (per learner id, in the order given).</summary>
    /// <exception cref="InvalidOperationException">When there is not enough data (<see cref="Refusal"/>).</exception>
    public LearnerModelFit Fit(IReadOnlyDictionary<string, IReadOnlyList<SkillAnswer>> answers, IProgress<double>? progress = null)
    {
        if (Refusal(answers) is { } refusal)
        {
            throw new InvalidOperationException(refusal);
        }

        var learners = answers.Where(a => a.Value.Count > 0).OrderBy(a => a.Key, StringComparer.Ordinal).ToList();
        var random = new DeterministicRandom(Seed);
        var order = learners.Select(l => (Learner: l, Key: random.NextUInt64())).OrderBy(x => x.Key).Select(x => x.Learner).ToList();
        var heldCount = System.Math.Max(2, order.Count / 5);
        var held = order.Take(heldCount).ToList();
        var train = order.Skip(heldCount).ToList();

        progress?.Report(0.05);
        var trial = FitModel(train);
        progress?.Report(0.45);
        var fitted = Score(trial, held);
        var cold = Score(LearnerModel.ColdStart, held);
        progress?.Report(0.55);
        var model = FitModel(learners);
        progress?.Report(1);
        return new LearnerModelFit(model, learners.Count, learners.Sum(l => l.Value.Count), held.Count, fitted, cold);
    }

    private LearnerModel FitModel(IReadOnlyList<KeyValuePair<string, IReadOnlyList<SkillAnswer>>> learners)
    {
        var skills = learners.SelectMany(l => l.Value).Select(a => a.Skill).Distinct().OrderBy(s => s.Value, StringComparer.Ordinal).ToList();
        var index = skills.Select((s, i) => (s, i)).ToDictionary(p => p.s, p => p.i + 1);
        var sequences = learners
            .Select(l => new LearnerSequence(l.Key, l.Value.Select(a => new Attempt(index[a.Skill], a.Correct)).ToList()))
            .ToList();

        var bkt = (BayesianKnowledgeTracing)new BktTrainer().Fit(sequences);
        var counts = sequences.SelectMany(s => s.Attempts).GroupBy(a => a.Skill).ToDictionary(g => g.Key, g => g.Count());
        var cold = KnowledgeModel.ColdStartParameters;
        var perSkill = new Dictionary<SkillId, BktParameters>();
        foreach (var skill in skills)
        {
            if (!bkt.Parameters.TryGetValue(index[skill], out var own))
            {
                continue;
            }

            var weight = counts[index[skill]] / (counts[index[skill]] + ShrinkAnswers);
            perSkill[skill] = new BktParameters(
                Blend(own.Initial, cold.Initial, weight),
                Blend(own.Learn, cold.Learn, weight),
                Blend(own.Guess, cold.Guess, weight),
                Blend(own.Slip, cold.Slip, weight));
        }

        var predictor = CorrectnessTrainer.Fit(sequences);
        return new LearnerModel(new KnowledgeModel(perSkill, cold), predictor, index);
    }

    private static double Blend(double own, double prior, double weight) => (weight * own) + ((1 - weight) * prior);

    /// <summary>Walks each held-out learner's answers in order, predicting each from the earlier ones only.</summary>
    public static HeldOutScore Score(LearnerModel model, IEnumerable<KeyValuePair<string, IReadOnlyList<SkillAnswer>>> learners)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(learners);
        var predictions = new List<double>();
        var outcomes = new List<bool>();
        foreach (var (_, answers) in learners)
        {
            var trace = model.StartCorrectness();
            var known = new Dictionary<SkillId, double>();
            foreach (var answer in answers)
            {
                var parameters = model.Knowledge.For(answer.Skill);
                var k = known.GetValueOrDefault(answer.Skill, parameters.Initial);
                predictions.Add(trace?.Predict(answer.Skill) ?? KnowledgeModel.PredictCorrect(parameters, k));
                outcomes.Add(answer.Correct);
                trace?.Observe(answer.Skill, answer.Correct);
                known[answer.Skill] = KnowledgeModel.Update(parameters, k, answer.Correct);
            }
        }

        var metrics = PredictionMetrics.Compute(predictions, outcomes);
        return new HeldOutScore(metrics, metrics.Calibration.Ece, metrics.Calibration.Bins);
    }
}
