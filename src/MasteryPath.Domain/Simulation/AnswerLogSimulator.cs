using MasteryPath.Domain.Skills;

namespace MasteryPath.Domain.Simulation;

/// <summary>One answer of a simulated learner, as the product's answer-log export would show it.</summary>
/// <param name="Learner">The learner's pseudonym.</param>
/// <param name="Skill">The skill answered.</param>
/// <param name="Correct">Whether the answer was right.</param>
/// <param name="At">When it was given.</param>
public sealed record SimulatedAnswer(string Learner, SkillId Skill, bool Correct, DateTimeOffset At);

/// <summary>
/// Simulates a class working through a course, to produce an answer log like the product's without real learners.
/// The learners are not the project's model (no knowledge states, no BKT): each has an ability θ ~ N(0, 1), a
/// learning rate r (log-normal, median <see cref="MedianLearningRate"/>) and a carelessness c ~ U(0.02, 0.10); each
/// skill a difficulty d ~ N(0, <see cref="SkillDifficultySd"/>) and a guessing floor g ~ U(0.05, 0.25). A learner's
/// level on a skill is θ − d + r·(practice, fading by half every <see cref="HalfLifeDays"/> days without it) + a transfer
/// of <see cref="Transfer"/> per practised prerequisite, and P(right) = g + (1 − g − c)·σ(level − b) for an item of
/// difficulty b ~ N(0, 0.4). Learners take the skills in prerequisite order, practise each until three right in a row
/// (at most <see cref="MaxAnswersPerSkill"/> answers), sometimes review an earlier skill, and stop after a number of
/// skills that varies between learners. Reproducible for a seed.
/// </summary>
public sealed class AnswerLogSimulator(SkillGraph graph)
{
    private readonly SkillGraph _graph = graph ?? throw new ArgumentNullException(nameof(graph));

    /// <summary>Median gain in level per practised item.</summary>
    public double MedianLearningRate { get; init; } = 0.25;

    /// <summary>SD of skill difficulty.</summary>
    public double SkillDifficultySd { get; init; } = 0.8;

    /// <summary>Level gained per practised prerequisite (at most one unit of practice gain each).</summary>
    public double Transfer { get; init; } = 0.3;

    /// <summary>Days after which the gain from practice has faded by half.</summary>
    public double HalfLifeDays { get; init; } = 30;

    /// <summary>The most answers a learner gives on one skill before moving on regardless.</summary>
    public int MaxAnswersPerSkill { get; init; } = 12;

    /// <summary>The most skills a learner takes; each learner stops after a random number of skills up to this.</summary>
    public int MaxSkillsPerLearner { get; init; } = int.MaxValue;

    /// <summary>When the first learner starts.</summary>
    public DateTimeOffset Start { get; init; } = new(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);

    /// <summary>The answers of <paramref name="learners"/> learners, learner by learner, each in time order.</summary>
    public IReadOnlyList<SimulatedAnswer> Simulate(int learners, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(learners);
        var skills = SkillParameters(seed);
        var answers = new List<SimulatedAnswer>();
        for (var i = 0; i < learners; i++)
        {
            answers.AddRange(SimulateLearner(i, seed, skills));
        }

        return answers;
    }

    private Dictionary<SkillId, (double Difficulty, double Guess)> SkillParameters(ulong seed)
    {
        var random = new DeterministicRandom(SimulationRandom.Mix(seed, 0x5111));
        return _graph.TopologicalOrder.ToDictionary(s => s, _ => (SkillDifficultySd * random.NextGaussian(), random.NextUniform(0.05, 0.25)));
    }

    private List<SimulatedAnswer> SimulateLearner(int index, ulong seed, Dictionary<SkillId, (double Difficulty, double Guess)> skills)
    {
        var random = new DeterministicRandom(SimulationRandom.Mix(seed, 0x1EA, (ulong)index));
        var name = $"learner-{index + 1:D4}";
        var ability = random.NextGaussian();
        var rate = MedianLearningRate * System.Math.Exp(0.5 * random.NextGaussian());
        var careless = random.NextUniform(0.02, 0.10);
        var order = _graph.TopologicalOrder;
        var most = System.Math.Min(order.Count, MaxSkillsPerLearner);
        var stopAfter = System.Math.Min(most, 3 + random.Next(System.Math.Max(1, most - 2)));
        var practice = new Dictionary<SkillId, (double Gain, DateTimeOffset Last)>();
        var at = Start.AddHours(index);
        var answers = new List<SimulatedAnswer>();

        double Retained(SkillId skill) => practice.TryGetValue(skill, out var p)
            ? p.Gain * System.Math.Pow(0.5, (at - p.Last).TotalDays / HalfLifeDays)
            : 0;

        bool Answer(SkillId skill)
        {
            var (difficulty, guess) = skills[skill];
            var transfer = _graph.PrerequisitesOf(skill).Sum(p => Transfer * System.Math.Min(1, Retained(p)));
            var level = ability - difficulty + Retained(skill) + transfer;
            var item = 0.4 * random.NextGaussian();
            var correct = random.NextDouble() < guess + ((1 - guess - careless) * SimulationRandom.Sigmoid(level - item));
            answers.Add(new SimulatedAnswer(name, skill, correct, at));
            practice[skill] = (Retained(skill) + rate, at);

            // About a minute per answer; a new day after every twenty.
            at = at.AddSeconds(30 + random.Next(60));
            if (answers.Count % 20 == 0)
            {
                at = new DateTimeOffset(at.UtcDateTime.Date, TimeSpan.Zero).AddDays(1 + random.Next(3)).AddHours(8 + random.Next(8));
            }

            return correct;
        }

        for (var k = 0; k < System.Math.Min(stopAfter, order.Count); k++)
        {
            var run = 0;
            for (var n = 0; n < MaxAnswersPerSkill && run < 3; n++)
            {
                run = Answer(order[k]) ? run + 1 : 0;
            }

            if (k > 0 && random.NextDouble() < 0.3)
            {
                // A spaced review of an earlier skill.
                var earlier = order[random.Next(k)];
                Answer(earlier);
            }
        }

        return answers;
    }
}
