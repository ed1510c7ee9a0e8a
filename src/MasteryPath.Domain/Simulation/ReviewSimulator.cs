using MasteryPath.Domain.Retention;
using MasteryPath.Domain.Skills;

namespace MasteryPath.Domain.Simulation;

/// <summary>What kind of review histories <see cref="ReviewSimulator"/> makes.</summary>
public sealed record ReviewSimulationOptions
{
    /// <summary>Learners.</summary>
    public int Learners { get; init; } = 300;

    /// <summary>Skills each learner masters during the course.</summary>
    public int SkillsPerLearner { get; init; } = 12;

    /// <summary>Length of the course in days; skills are mastered in its first 60 %, reviewed until its end.</summary>
    public int CourseDays { get; init; } = 365;

    /// <summary>The weights the learners' memories truly follow.</summary>
    public FsrsParameters Truth { get; init; } = ReviewSimulator.ExampleTruth;

    /// <summary>The weights the product schedules reviews with (it does not know the truth).</summary>
    public FsrsParameters Scheduling { get; init; } = FsrsParameters.Default;

    /// <summary>
    /// Standard deviation of the log of each learner's own clock: a learner with factor 1.3 forgets as if 1.3
    /// times less time had passed. Learners differ, so no single weight vector is exactly right for all.
    /// </summary>
    public double LearnerSpread { get; init; } = 0.3;

    /// <summary>Probability of a wrong answer although the skill is recalled (a slip).</summary>
    public double Slip { get; init; } = 0.03;

    /// <summary>Probability of a right answer although the skill is forgotten (a lucky guess).</summary>
    public double Guess { get; init; } = 0.05;

    /// <summary>Share of right answers given with a hint (graded Hard).</summary>
    public double HintShare { get; init; } = 0.15;

    /// <summary>Share of skills placed as known by the diagnostic (first memory graded Hard instead of Good).</summary>
    public double PlacedShare { get; init; } = 0.15;

    /// <summary>Chance that the learner comes back only after a break of 20 to 120 days.</summary>
    public double BreakChance { get; init; } = 0.08;
}

/// <summary>
/// Simulated review histories whose truth is known: each learner's memory of each mastered skill follows FSRS-6
/// with <see cref="ReviewSimulationOptions.Truth"/> on the learner's own clock; the product schedules reviews
/// with its own weights (when predicted recall falls to 90 %); learners come back late or early (log-normal
/// delay, sometimes a long break), answer one to three review items per session, slip and guess, and use hints.
/// A wrong answer ends the session and, as in the product, brings an early re-review. Deterministic for a seed.
/// </summary>
public static class ReviewSimulator
{
    /// <summary>
    /// A weight vector clearly unlike the defaults, inside the FSRS-6 bounds: shorter first memories, faster
    /// decay, a stronger Hard penalty, larger same-day effects.
    /// </summary>
    public static FsrsParameters ExampleTruth { get; } = new(
    [
        0.4, 0.9, 1.6, 6.0,
        7.0, 0.6,
        2.2, 0.05,
        1.5, 0.25, 1.1,
        1.8, 0.08, 0.35, 1.3,
        0.45, 2.0,
        0.7, 0.2, 0.12,
        0.3,
    ]);

    private static readonly DateTimeOffset CourseStart = new(2026, 9, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The review histories of <see cref="ReviewSimulationOptions.Learners"/> simulated learners.</summary>
    /// <param name="options">What to simulate.</param>
    /// <param name="seed">The seed; the same seed gives the same histories.</param>
    public static IReadOnlyList<ReviewHistory> Simulate(ReviewSimulationOptions options, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Learners < 1 || options.SkillsPerLearner < 1 || options.CourseDays < 2)
        {
            throw new ArgumentException("Simulate at least one learner with one skill over at least two days.", nameof(options));
        }

        var truth = new RetentionScheduler(options.Truth);
        var product = new RetentionScheduler(options.Scheduling);
        var histories = new List<ReviewHistory>();
        var width = options.Learners.ToString(System.Globalization.CultureInfo.InvariantCulture).Length;
        for (var l = 0; l < options.Learners; l++)
        {
            var random = new DeterministicRandom(seed ^ (0xA24BAED4963EE407UL * (ulong)(l + 1)));
            var learner = "learner-" + (l + 1).ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(width, '0');
            var clock = System.Math.Exp(options.LearnerSpread * random.NextGaussian());
            for (var k = 0; k < options.SkillsPerLearner; k++)
            {
                var skill = SkillId.Parse("skill-" + (k + 1).ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(2, '0'));
                histories.Add(new ReviewHistory(learner, skill, 1, OneSkill(options, truth, product, clock, random)));
            }
        }

        return histories;
    }

    private static List<ReviewRecord> OneSkill(ReviewSimulationOptions options, RetentionScheduler truth, RetentionScheduler product, double clock, DeterministicRandom random)
    {
        var end = CourseStart.AddDays(options.CourseDays);
        var mastered = CourseStart.AddDays(random.NextDouble() * 0.6 * options.CourseDays).AddHours(8 + (random.NextDouble() * 12));
        var firstGrade = random.NextDouble() < options.PlacedShare ? Grade.Hard : Grade.Good;
        var reviews = new List<ReviewRecord> { new(mastered, firstGrade) };
        var memory = new MemoryStrength(truth.InitialStability(firstGrade), truth.InitialDifficulty(firstGrade));
        var scheduled = product.First(firstGrade, mastered);
        var last = mastered;
        while (true)
        {
            var wait = (product.Due(scheduled) - last).TotalDays * System.Math.Exp(0.4 * random.NextGaussian());
            if (random.NextDouble() < options.BreakChance)
            {
                wait += 20 + (random.NextDouble() * 100);
            }

            var session = last + TimeSpan.FromDays(System.Math.Max(wait, 10.0 / 1440));
            if (session >= end)
            {
                return reviews;
            }

            var items = 1 + (random.NextDouble() < 0.4 ? 1 : 0) + (random.NextDouble() < 0.15 ? 1 : 0);
            var at = session;
            for (var item = 0; item < items; item++)
            {
                at = item == 0 ? at : at.AddMinutes(3 + random.Next(10));
                var ownDays = RetentionScheduler.WholeDays(TimeSpan.FromTicks((long)((at - last).Ticks / clock)));
                var recalled = random.NextDouble() < truth.Retrievability(ownDays, memory.Stability);
                var correct = recalled ? random.NextDouble() >= options.Slip : random.NextDouble() < options.Guess;
                var grade = !correct ? Grade.Again : random.NextDouble() < options.HintShare ? Grade.Hard : Grade.Good;
                memory = truth.Step(memory, ownDays, grade);
                scheduled = product.Review(scheduled, grade, at);
                reviews.Add(new ReviewRecord(at, grade));
                last = at;
                if (grade == Grade.Again)
                {
                    break;
                }
            }
        }
    }
}
