using MasteryPath.Domain.Learning;
using MasteryPath.Domain.Mastery;
using MasteryPath.Domain.Retention;
using MasteryPath.Domain.Skills;

namespace MasteryPath.Domain.Tests;

public class LearnerModelTests
{
    private static readonly SkillId[] Skills = Enumerable.Range(0, 6).Select(i => SkillId.Parse($"skill-{i}")).ToArray();

    /// <summary>Learners answering by BKT with known parameters per skill: easy skills are guessed often, hard ones rarely.</summary>
    private static Dictionary<string, IReadOnlyList<SkillAnswer>> Simulate(int learners, ulong seed, out Dictionary<SkillId, BktParameters> truth)
    {
        var random = new DeterministicRandom(seed);
        var parameters = Skills.Select((s, i) => (s, p: new BktParameters(0.1 + (0.1 * i), 0.2, 0.05 + (0.05 * i), 0.08))).ToDictionary(x => x.s, x => x.p);
        truth = parameters;
        var data = new Dictionary<string, IReadOnlyList<SkillAnswer>>();
        for (var l = 0; l < learners; l++)
        {
            var ability = random.NextDouble();
            var knows = Skills.ToDictionary(s => s, s => random.NextDouble() < parameters[s].Initial);
            var answers = new List<SkillAnswer>();
            foreach (var skill in Skills)
            {
                for (var k = 0; k < 6 + random.Next(6); k++)
                {
                    var p = parameters[skill];
                    var right = knows[skill] ? random.NextDouble() > p.Slip : random.NextDouble() < p.Guess + (0.1 * ability);
                    answers.Add(new SkillAnswer(skill, right));
                    knows[skill] |= random.NextDouble() < p.Learn;
                }
            }

            data[$"learner-{l}"] = answers;
        }

        return data;
    }

    [Fact]
    public void A_fit_on_the_courses_own_answers_predicts_held_out_learners_better_than_the_cold_start()
    {
        var data = Simulate(300, 7, out var truth);
        var fit = new LearnerModelFitter { CorrectnessTrainer = new LogisticKnowledgeTracingTrainer { Folds = 1 } }.Fit(data);

        Assert.Equal(300, fit.Learners);
        Assert.Equal(data.Sum(d => d.Value.Count), fit.Answers);
        Assert.Equal(60, fit.HeldOutLearners);
        Assert.True(fit.Fitted.Metrics.Auc > fit.ColdStart.Metrics.Auc + 0.01, $"fitted {fit.Fitted.Metrics.Auc:F3} vs cold {fit.ColdStart.Metrics.Auc:F3}");
        Assert.True(fit.Fitted.Metrics.LogLoss < fit.ColdStart.Metrics.LogLoss - 0.01, $"{fit.Fitted.Metrics.LogLoss:F3} vs {fit.ColdStart.Metrics.LogLoss:F3}");
        Assert.True(fit.Fitted.Ece < fit.ColdStart.Ece && fit.Fitted.Ece < 0.05, $"ECE {fit.Fitted.Ece:F3} vs {fit.ColdStart.Ece:F3}");

        // The knowledge part moves towards the truth: the skill with the highest prior and guess is seen as easier to know.
        var easy = fit.Model.Knowledge.For(Skills[^1]);
        var hard = fit.Model.Knowledge.For(Skills[0]);
        Assert.True(easy.Initial > hard.Initial, $"{easy.Initial:F2} vs {hard.Initial:F2}");
        Assert.True(easy.Guess > hard.Guess, $"{easy.Guess:F2} vs {hard.Guess:F2}");
        Assert.All(fit.Model.Knowledge.PerSkill.Values, p => Assert.True(p.Guess <= KnowledgeModel.MaxGuessSlip && p.Slip <= KnowledgeModel.MaxGuessSlip && p.Learn <= KnowledgeModel.MaxLearn));
    }

    [Fact]
    public void Too_little_data_is_refused_with_the_reason()
    {
        var data = Simulate(5, 3, out _);
        var fitter = new LearnerModelFitter();
        var refusal = fitter.Refusal(data);
        Assert.NotNull(refusal);
        Assert.Contains("5 learners", refusal, StringComparison.Ordinal);
        var ex = Assert.Throws<InvalidOperationException>(() => fitter.Fit(data));
        Assert.Equal(refusal, ex.Message);
    }

    [Fact]
    public void A_fitted_model_survives_export_and_import_with_identical_predictions()
    {
        var data = Simulate(60, 11, out _);
        var model = new LearnerModelFitter { CorrectnessTrainer = new LogisticKnowledgeTracingTrainer { Folds = 1 } }.Fit(data).Model;
        var copy = LearnerModel.Import(model.Export());

        var a = LearnerModelFitter.Score(model, data.Take(10));
        var b = LearnerModelFitter.Score(copy, data.Take(10));
        Assert.Equal((a.Metrics.Auc, a.Metrics.LogLoss, a.Metrics.Count), (b.Metrics.Auc, b.Metrics.LogLoss, b.Metrics.Count));
        Assert.Equal(a.Reliability, b.Reliability);
        Assert.Equal(model.Knowledge.PerSkill.OrderBy(p => p.Key.Value), copy.Knowledge.PerSkill.OrderBy(p => p.Key.Value));
        Assert.NotNull(copy.Correctness);
    }

    [Fact]
    public void Knowledge_parameters_are_clamped_into_the_range_where_answers_point_the_right_way()
    {
        var wild = KnowledgeModel.Sanitize(new BktParameters(1.5, 0.9, 0.8, double.NaN));
        Assert.True(wild.Guess + wild.Slip < 1);
        Assert.True(wild.Learn <= KnowledgeModel.MaxLearn);
        Assert.InRange(wild.Initial, 0, 1);
        Assert.Equal(KnowledgeModel.ColdStartParameters.Slip, wild.Slip);
    }

    [Fact]
    public void A_course_s_fitted_FSRS_weights_travel_with_its_model_and_schedule_its_reviews()
    {
        var add = SkillId.Parse("add");
        var graph = SkillGraph.Create([(add, [])]);
        var start = new DateTimeOffset(2026, 9, 1, 8, 0, 0, TimeSpan.Zero);
        var slower = FsrsParameters.Default.Weights.Select((w, i) => i < 4 ? w * 4 : w).ToList();
        var fitted = LearnerModel.ColdStart.WithRetention(new FsrsParameters(slower));
        var restored = LearnerModel.Import(fitted.Export());
        Assert.Equal(slower, restored.Retention!.Weights);
        Assert.Null(LearnerModel.Import(LearnerModel.ColdStart.Export()).Retention);
        Assert.Contains("FSRS fitted", restored.Description, StringComparison.Ordinal);

        DateTimeOffset? NextReview(LearnerModel model)
        {
            var mastery = new LearnerMastery(graph, model, new MasteryPolicy());
            mastery.Apply(new AnswerEvent("placed:add", add, true, false, EvidenceKind.PlacedKnown, start));
            mastery.Apply(new AnswerEvent("right", add, true, false, EvidenceKind.Review, start.AddMinutes(2)));
            Assert.Equal(SkillState.Mastered, mastery.Status(add).State);
            return mastery.NextReview(add);
        }

        // Four times the initial stabilities: the first review comes much later than under FSRS's defaults.
        var underDefaults = NextReview(LearnerModel.ColdStart)!.Value - start;
        var underFitted = NextReview(restored)!.Value - start;
        Assert.True(underFitted > underDefaults * 2, $"fitted {underFitted} vs defaults {underDefaults}");
    }
}
