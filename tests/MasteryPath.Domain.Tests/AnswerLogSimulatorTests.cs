using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MasteryPath.Domain.Learning;
using MasteryPath.Domain.Simulation;
using MasteryPath.Domain.Skills;

namespace MasteryPath.Domain.Tests;

/// <summary>The simulated class behind `simulate answer-log`: a sensible order, reproducible, and learners who learn.</summary>
public class AnswerLogSimulatorTests
{
    private static readonly SkillGraph Graph = SkillGraph.Create(
    [
        (SkillId.Parse("count"), []),
        (SkillId.Parse("add"), [SkillId.Parse("count")]),
        (SkillId.Parse("subtract"), [SkillId.Parse("count")]),
        (SkillId.Parse("multiply"), [SkillId.Parse("add")]),
        (SkillId.Parse("divide"), [SkillId.Parse("multiply"), SkillId.Parse("subtract")]),
        (SkillId.Parse("fractions"), [SkillId.Parse("divide")]),
    ]);

    [Property(MaxTest = 100)]
    public Property Every_learner_meets_a_skill_only_after_its_prerequisites_and_answers_in_time_order(int seed)
    {
        var answers = new AnswerLogSimulator(Graph).Simulate(5, (ulong)seed);
        return answers.GroupBy(a => a.Learner).All(learner =>
        {
            var first = learner.Select((a, i) => (a.Skill, i)).GroupBy(x => x.Skill).ToDictionary(g => g.Key, g => g.Min(x => x.i));
            var inOrder = learner.Zip(learner.Skip(1)).All(p => p.First.At <= p.Second.At);
            var prerequisitesFirst = first.All(s => Graph.PrerequisitesOf(s.Key).All(p => first.TryGetValue(p, out var at) && at < s.Value));
            return inOrder && prerequisitesFirst && first.Count >= 3;
        }).ToProperty();
    }

    [Fact]
    public void The_log_is_the_same_for_a_seed_and_differs_between_seeds()
    {
        var simulator = new AnswerLogSimulator(Graph);

        Assert.Equal(simulator.Simulate(20, 4), simulator.Simulate(20, 4));
        Assert.NotEqual(simulator.Simulate(20, 4), simulator.Simulate(20, 5));
        Assert.Equal(20, simulator.Simulate(20, 4).Select(a => a.Learner).Distinct().Count());
    }

    [Fact]
    public void Practice_raises_the_share_of_right_answers_and_the_product_model_fitted_on_it_beats_the_cold_start()
    {
        var answers = new AnswerLogSimulator(Graph).Simulate(150, 9);
        var byLearner = answers.GroupBy(a => a.Learner).ToDictionary(g => g.Key, g => (IReadOnlyList<SkillAnswer>)g.Select(a => new SkillAnswer(a.Skill, a.Correct)).ToList());

        // Per learner and skill, the first answer against the third and later ones: learners learn from practice (the
        // later answers come mostly from learners who needed more practice, so the gap understates the learning).
        var opportunities = byLearner.Values.SelectMany(l => l.Select((a, i) => (a, Nth: l.Take(i).Count(b => b.Skill == a.Skill)))).ToList();
        var firstRight = opportunities.Where(o => o.Nth == 0).Average(o => o.a.Correct ? 1.0 : 0.0);
        var laterRight = opportunities.Where(o => o.Nth >= 2).Average(o => o.a.Correct ? 1.0 : 0.0);
        Assert.True(laterRight > firstRight + 0.03, $"first answers {firstRight:P0} right, third and later {laterRight:P0}");

        var fit = new LearnerModelFitter { CorrectnessTrainer = new LogisticKnowledgeTracingTrainer { Folds = 1 } }.Fit(byLearner);
        Assert.True(fit.Fitted.Metrics.Auc > fit.ColdStart.Metrics.Auc, $"fitted AUC {fit.Fitted.Metrics.Auc:F3}, cold start {fit.ColdStart.Metrics.Auc:F3}");
    }
}
