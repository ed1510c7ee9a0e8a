using FsCheck.Xunit;
using MasteryPath.Domain.Retention;

namespace MasteryPath.Domain.Tests;

public class RetentionTests
{
    private static readonly RetentionScheduler Scheduler = new();
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly Grade[] AllGrades = [Grade.Again, Grade.Hard, Grade.Good, Grade.Easy];

    /// <summary>Log-uniform in [low, high]: stabilities span five orders of magnitude.</summary>
    private static double LogUniform(DeterministicRandom random, double low, double high) =>
        System.Math.Exp(System.Math.Log(low) + (random.NextDouble() * (System.Math.Log(high) - System.Math.Log(low))));

    private static MemoryState RandomState(DeterministicRandom random, double minStability = RetentionScheduler.MinStability, double maxStability = 3650) =>
        new(LogUniform(random, minStability, maxStability), 1 + (9 * random.NextDouble()), T0 + TimeSpan.FromDays(random.NextDouble() * 100));

    [Fact]
    public void Default_weights_are_the_published_fsrs6_defaults()
    {
        double[] published =
        [
            0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796,
            1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
        ];

        Assert.Equal(published, FsrsParameters.Default.Weights);
        Assert.Same(FsrsParameters.Default, Scheduler.Parameters);
    }

    [Fact]
    public void Parameters_are_validated()
    {
        Assert.Throws<ArgumentException>(() => new FsrsParameters([.. FsrsParameters.Default.Weights.Take(19)]));
        Assert.Throws<ArgumentException>(() => new FsrsParameters([.. FsrsParameters.Default.Weights.Take(20), 0]));
        Assert.Throws<ArgumentException>(() => new FsrsParameters([double.NaN, .. FsrsParameters.Default.Weights.Skip(1)]));
        Assert.Throws<ArgumentException>(() => new FsrsParameters([0, .. FsrsParameters.Default.Weights.Skip(1)]));
    }

    [Fact]
    public void Parameters_round_trip_through_json_and_clip_into_the_fsrs6_bounds()
    {
        var odd = new FsrsParameters([.. FsrsParameters.Default.Weights.Select((w, i) => w + (i * 0.0123456789012345))]);

        Assert.Equal(odd.Weights, FsrsParameters.FromJson(odd.ToJson()).Weights);
        Assert.Equal(FsrsParameters.Default.Weights, FsrsParameters.FromJson("[0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796, 1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542]").Weights);
        Assert.Throws<FormatException>(() => FsrsParameters.FromJson("[1, 2, 3]"));
        Assert.Throws<FormatException>(() => FsrsParameters.FromJson("{\"w\": 1}"));
        Assert.Throws<FormatException>(() => FsrsParameters.FromJson("null"));

        Assert.True(FsrsParameters.Default.IsWithinBounds);
        var wild = FsrsParameters.Default.Weights.Select((w, i) => i % 2 == 0 ? w * 1000 : w / 1000).ToList();
        var clipped = FsrsParameters.Clipped(wild);
        Assert.True(clipped.IsWithinBounds);
        Assert.False(new FsrsParameters(wild).IsWithinBounds);
        Assert.Equal(FsrsParameters.UpperBounds[20], clipped[20]);
        Assert.Equal(FsrsParameters.LowerBounds[19], clipped[19]);
        Assert.Equal(FsrsParameters.Default.Weights, FsrsParameters.Clipped(FsrsParameters.Default.Weights).Weights);
    }

    [Fact]
    public void First_review_gives_the_initial_stability_and_difficulty_of_the_grade()
    {
        var w = FsrsParameters.Default;
        foreach (var grade in AllGrades)
        {
            var state = Scheduler.First(grade, T0);

            Assert.Equal(w[(int)grade - 1], state.Stability);
            Assert.Equal(System.Math.Clamp(w[4] - System.Math.Exp(w[5] * ((int)grade - 1)) + 1, 1, 10), state.Difficulty, 12);
            Assert.Equal(T0, state.LastReview);
        }

        var good = Scheduler.First(Grade.Good, T0);
        Assert.Equal(2.3065, good.Stability);
        Assert.Equal(2.118104, good.Difficulty, 6);
        Assert.Equal(1.0, Scheduler.First(Grade.Easy, T0).Difficulty); // D0(4) < 1 with the defaults, clamped
        Assert.Equal(6.4133, Scheduler.First(Grade.Again, T0).Difficulty, 12);
    }

    /// <summary>Values from fsrs-rs's own FSRS-6 tests (src/model_v6.rs, f32 precision), not from this code.</summary>
    [Fact]
    public void Matches_the_reference_implementation_on_its_published_test_values()
    {
        // test_power_forgetting_curve
        double[] days = [0, 1, 2, 3, 4, 5];
        double[] stabilities = [1, 2, 3, 4, 4, 2];
        double[] expectedR = [1.0, 0.9403443, 0.9253786, 0.9185229, 0.9, 0.8261359];
        for (var i = 0; i < days.Length; i++)
        {
            Assert.Equal(expectedR[i], Scheduler.Retrievability(days[i], stabilities[i]), 5);
        }

        // test_forward: a first review with each grade, then the same grade 1 or 2 days later.
        (Grade Grade, int Days, double Stability, double Difficulty)[] forward =
        [
            (Grade.Again, 1, 0.10088589, 8.806304), (Grade.Hard, 1, 3.2494123, 6.7404594),
            (Grade.Good, 1, 7.3153, 2.1112142), (Grade.Easy, 1, 18.014914, 1.0),
            (Grade.Again, 2, 0.112798266, 8.806304), (Grade.Hard, 2, 4.4694576, 6.7404594),
        ];
        foreach (var (grade, gap, stability, difficulty) in forward)
        {
            var state = Scheduler.Review(Scheduler.First(grade, T0), grade, T0.AddDays(gap));
            Assert.Equal(stability, state.Stability, 3e-5 * stability);
            Assert.Equal(difficulty, state.Difficulty, 5);
        }

        // test_next_difficulty (with mean reversion)
        double[] nextD = [8.341763, 6.6659956, 4.990228, 3.3144615];
        for (var g = 0; g < 4; g++)
        {
            Assert.Equal(nextD[g], Scheduler.NextDifficulty(5, AllGrades[g]), 5);
        }

        // test_next_stability: S = 5, D = 1..4, R = 0.9..0.6, grade = 1..4
        double[] recall = [25.602541, 28.226582, 58.656002, 127.226685];
        double[] forget = [1.0525396, 1.1894329, 1.3680838, 1.584989];
        for (var i = 0; i < 4; i++)
        {
            var d = i + 1.0;
            var r = 0.9 - (0.1 * i);
            if (i > 0)
            {
                Assert.Equal(recall[i], Scheduler.StabilityAfterRecall(5, d, r, AllGrades[i]), 3e-5 * recall[i]);
            }

            Assert.Equal(forget[i], Scheduler.StabilityAfterLapse(5, d, r), 5);
        }
    }

    [Fact]
    public void Reviews_within_twelve_hours_are_same_day_reviews_and_later_ones_count_whole_days()
    {
        var w = FsrsParameters.Default;
        var first = Scheduler.First(Grade.Good, T0);
        var s = first.Stability;

        var again = Scheduler.Review(first, Grade.Again, T0.AddHours(2));
        var good = Scheduler.Review(first, Grade.Good, T0.AddHours(11.9));
        var nextMorning = Scheduler.Review(first, Grade.Good, T0.AddHours(12.1));
        var dayAndAHalf = Scheduler.Review(first, Grade.Good, T0.AddHours(35));

        Assert.Equal(s * System.Math.Exp(w[17] * (w[18] - 2)) * System.Math.Pow(s, -w[19]), again.Stability, 12);
        Assert.Equal(s * System.Math.Max(1, System.Math.Exp(w[17] * w[18]) * System.Math.Pow(s, -w[19])), good.Stability, 12);
        Assert.Equal(Scheduler.StabilityAfterRecall(s, first.Difficulty, Scheduler.Retrievability(1, s), Grade.Good), nextMorning.Stability, 12);
        Assert.Equal(Scheduler.StabilityAfterRecall(s, first.Difficulty, Scheduler.Retrievability(1, s), Grade.Good), dayAndAHalf.Stability, 12);
        Assert.True(again.Stability < s);
        Assert.True(good.Stability >= s);
        Assert.Equal([0, 0, 1, 1, 2, 365], new[] { 0.0, 11.99, 12.0, 35.99, 36.0, 365 * 24.0 }.Select(h => RetentionScheduler.WholeDays(TimeSpan.FromHours(h))));
    }

    [Property(MaxTest = 300)]
    public void A_same_day_success_never_lowers_stability_and_a_same_day_lapse_never_raises_it(int seed)
    {
        var random = new DeterministicRandom((ulong)seed);
        var state = RandomState(random, maxStability: RetentionScheduler.MaxStability);
        var at = state.LastReview + TimeSpan.FromHours(random.NextDouble() * 11.9);

        foreach (var grade in new[] { Grade.Hard, Grade.Good, Grade.Easy })
        {
            Assert.True(Scheduler.Review(state, grade, at).Stability >= state.Stability, $"{grade} on S = {state.Stability}");
        }

        Assert.True(Scheduler.Review(state, Grade.Again, at).Stability <= state.Stability);
    }

    [Property(MaxTest = 300)]
    public void Review_is_the_whole_day_step(int seed)
    {
        var random = new DeterministicRandom((ulong)seed);
        var state = RandomState(random);
        var at = state.LastReview + TimeSpan.FromDays(random.NextDouble() * (random.Next(2) == 0 ? 2 : 500));
        var grade = AllGrades[random.Next(4)];

        var reviewed = Scheduler.Review(state, grade, at);
        var stepped = Scheduler.Step(new MemoryStrength(state.Stability, state.Difficulty), RetentionScheduler.WholeDays(at - state.LastReview), grade);

        Assert.Equal(stepped, new MemoryStrength(reviewed.Stability, reviewed.Difficulty));
    }

    [Property(MaxTest = 300)]
    public void Retrievability_is_one_at_the_review_and_strictly_decreasing_in_0_1(int seed)
    {
        var random = new DeterministicRandom((ulong)seed);
        var state = RandomState(random, maxStability: RetentionScheduler.MaxStability);
        var earlier = random.NextDouble() * 3000;
        var later = earlier + (1.0 / 1440) + (random.NextDouble() * 3000);

        var r0 = Scheduler.Retrievability(state, state.LastReview);
        var r1 = Scheduler.Retrievability(state, state.LastReview + TimeSpan.FromDays(earlier));
        var r2 = Scheduler.Retrievability(state, state.LastReview + TimeSpan.FromDays(later));

        Assert.Equal(1.0, r0);
        Assert.Equal(1.0, Scheduler.Retrievability(state, state.LastReview.AddDays(-1)));
        Assert.True(r2 < r1 && r1 <= 1 && r2 > 0, $"R({earlier}) = {r1}, R({later}) = {r2}, S = {state.Stability}");
    }

    [Property(MaxTest = 300)]
    public void Due_is_when_retrievability_reaches_the_desired_retention(int seed)
    {
        var random = new DeterministicRandom((ulong)seed);
        var state = RandomState(random);
        var desired = 0.7 + (0.29 * random.NextDouble());

        var due = Scheduler.Due(state, desired);

        Assert.True(due >= state.LastReview);
        Assert.Equal(desired, Scheduler.Retrievability(state, due), 1e-6);
    }

    [Fact]
    public void At_ninety_percent_the_interval_is_the_stability_and_long_intervals_are_capped()
    {
        var state = new MemoryState(12.5, 5, T0);

        Assert.Equal(12.5, Scheduler.IntervalDays(12.5), 9);
        Assert.Equal(T0 + TimeSpan.FromDays(12.5), Scheduler.Due(state));
        Assert.Equal(0.9, Scheduler.Retrievability(state, T0.AddDays(12.5)), 12);
        Assert.Equal(RetentionScheduler.MaxIntervalDays, Scheduler.IntervalDays(RetentionScheduler.MaxStability, 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => Scheduler.Due(state, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Scheduler.Due(state, 1.5));
    }

    [Property(MaxTest = 300)]
    public void Good_gives_at_least_the_stability_of_hard_and_hard_more_than_again(int seed)
    {
        var random = new DeterministicRandom((ulong)seed);
        var state = RandomState(random, minStability: 0.05);
        var gap = random.Next(3) == 0 ? random.NextDouble() : 1 + (random.NextDouble() * 1000); // same day or later
        var at = state.LastReview + TimeSpan.FromDays(System.Math.Max(gap, 1e-3));

        var again = Scheduler.Review(state, Grade.Again, at).Stability;
        var hard = Scheduler.Review(state, Grade.Hard, at).Stability;
        var good = Scheduler.Review(state, Grade.Good, at).Stability;
        var easy = Scheduler.Review(state, Grade.Easy, at).Stability;

        // On the same day success is clamped at "no loss", so Hard and Good can tie there; never on later days.
        var sameDay = RetentionScheduler.WholeDays(at - state.LastReview) == 0;
        Assert.True(easy >= good && (sameDay ? good >= hard : good > hard) && hard > again, $"S={state.Stability} D={state.Difficulty} gap={gap}: {again} {hard} {good} {easy}");
        Assert.True(again < state.Stability || again == RetentionScheduler.MinStability);
    }

    [Property(MaxTest = 200)]
    public void Random_review_histories_keep_the_state_in_range(int seed)
    {
        var random = new DeterministicRandom((ulong)seed);
        var at = T0;
        var state = Scheduler.First(AllGrades[random.Next(4)], at);
        for (var i = 0; i < 40; i++)
        {
            at += TimeSpan.FromDays(random.Next(4) == 0 ? random.NextDouble() * 0.9 : random.NextDouble() * 400);
            var grade = AllGrades[random.Next(4)];
            var before = Scheduler.Retrievability(state, at);

            var outcome = Scheduler.Assess(state, grade, at);
            state = outcome.State;

            Assert.Equal(before, outcome.RetrievabilityBefore);
            Assert.Equal(before < 0.9, outcome.WasDue);
            Assert.Equal(grade == Grade.Again, outcome.LostMastery);
            Assert.InRange(state.Difficulty, RetentionScheduler.MinDifficulty, RetentionScheduler.MaxDifficulty);
            Assert.InRange(state.Stability, RetentionScheduler.MinStability, RetentionScheduler.MaxStability);
            Assert.Equal(at, state.LastReview);
            Assert.Equal(1.0, Scheduler.Retrievability(state, at));

            var due = Scheduler.Due(state);
            Assert.True(due >= at);
            Assert.False(Scheduler.NeedsReview(state, due - TimeSpan.FromMinutes(1)));
            Assert.True(Scheduler.NeedsReview(state, due + TimeSpan.FromMinutes(1)) || due - at == TimeSpan.FromDays(RetentionScheduler.MaxIntervalDays));
        }
    }

    [Fact]
    public void Answers_map_to_grades()
    {
        Assert.Equal(Grade.Again, RetentionScheduler.FromAnswer(correct: false, usedHint: false));
        Assert.Equal(Grade.Again, RetentionScheduler.FromAnswer(correct: false, usedHint: true));
        Assert.Equal(Grade.Hard, RetentionScheduler.FromAnswer(correct: true, usedHint: true));
        Assert.Equal(Grade.Good, RetentionScheduler.FromAnswer(correct: true, usedHint: false));
    }

    [Fact]
    public void A_failed_review_loses_mastery_even_when_not_due()
    {
        var state = Scheduler.First(Grade.Good, T0);

        var early = Scheduler.Assess(state, Grade.Again, T0.AddDays(1));
        var late = Scheduler.Assess(state, Grade.Good, T0.AddDays(30));

        Assert.False(early.WasDue);
        Assert.True(early.LostMastery);
        Assert.True(late.WasDue);
        Assert.False(late.LostMastery);
        Assert.False(Scheduler.NeedsReview(state, T0.AddDays(1)));
        Assert.True(Scheduler.NeedsReview(state, T0.AddDays(30)));
        Assert.True(Scheduler.NeedsReview(state, T0.AddDays(1), threshold: 0.99));
    }

    [Property(MaxTest = 300)]
    public void Credit_moves_stability_toward_a_good_review(int seed)
    {
        var random = new DeterministicRandom((ulong)seed);
        var state = RandomState(random);
        var at = state.LastReview + TimeSpan.FromDays(random.NextDouble() * 200);
        var small = random.NextDouble();
        var large = small + ((1 - small) * random.NextDouble());

        var none = Scheduler.Credit(state, 0, at);
        var full = Scheduler.Credit(state, 1, at);
        var partSmall = Scheduler.Credit(state, small, at);
        var partLarge = Scheduler.Credit(state, large, at);

        Assert.Equal(state, none);
        Assert.Equal(Scheduler.Review(state, Grade.Good, at), full);
        Assert.True(state.Stability <= partSmall.Stability && partSmall.Stability <= partLarge.Stability && partLarge.Stability <= full.Stability * (1 + 1e-12));
        if (large < 1)
        {
            Assert.Equal(state.LastReview, partLarge.LastReview);
            Assert.Equal(state.Difficulty, partLarge.Difficulty);
        }
    }

    [Fact]
    public void Half_credit_is_the_geometric_midpoint_and_raises_retrievability_without_restarting_the_clock()
    {
        var state = Scheduler.First(Grade.Good, T0);
        var at = T0.AddDays(5);
        var good = Scheduler.Review(state, Grade.Good, at);

        var half = Scheduler.Credit(state, 0.5, at);

        Assert.Equal(System.Math.Sqrt(state.Stability * good.Stability), half.Stability, 9);
        Assert.Equal(T0, half.LastReview);
        Assert.True(Scheduler.Retrievability(half, at) > Scheduler.Retrievability(state, at));
        Assert.Throws<ArgumentOutOfRangeException>(() => Scheduler.Credit(state, 1.5, at));
        Assert.Throws<ArgumentOutOfRangeException>(() => Scheduler.Credit(state, double.NaN, at));
    }

    [Fact]
    public void Invalid_input_is_rejected()
    {
        var state = Scheduler.First(Grade.Good, T0);

        Assert.Throws<ArgumentOutOfRangeException>(() => Scheduler.Review(state, Grade.Good, T0.AddMinutes(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Scheduler.Review(state, (Grade)0, T0.AddDays(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Scheduler.First((Grade)5, T0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Scheduler.Review(state with { Stability = 0 }, Grade.Good, T0.AddDays(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Scheduler.Review(state with { Difficulty = 11 }, Grade.Good, T0.AddDays(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Scheduler.StabilityAfterRecall(5, 5, 0.9, Grade.Again));
        Assert.Throws<ArgumentOutOfRangeException>(() => Scheduler.NeedsReview(state, T0, 0));
    }
}
