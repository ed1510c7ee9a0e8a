using MasteryPath.Domain.Retention;
using MasteryPath.Domain.Simulation;

namespace MasteryPath.Domain.Tests;

public class FsrsOptimizerTests
{
    /// <summary>Learners whose memory follows <see cref="ReviewSimulator.ExampleTruth"/> exactly: no per-learner clock, no slips or guesses.</summary>
    private static readonly ReviewSimulationOptions Exact = new() { LearnerSpread = 0, Slip = 0, Guess = 0 };

    private static readonly Lazy<IReadOnlyList<ReviewHistory>> LargeExact = new(() => ReviewSimulator.Simulate(Exact with { Learners = 600 }, 11));

    private static readonly Lazy<IReadOnlyList<ReviewHistory>> LargeNoisy = new(() => ReviewSimulator.Simulate(new ReviewSimulationOptions { Learners = 600 }, 12));

    /// <summary>The log loss computed independently, review by review, with the public scheduler.</summary>
    private static (double Loss, int Count) LossByScheduler(FsrsParameters parameters, IEnumerable<ReviewHistory> histories)
    {
        var scheduler = new RetentionScheduler(parameters);
        var (loss, count) = (0.0, 0);
        foreach (var history in histories)
        {
            var memory = new MemoryStrength(scheduler.InitialStability(history.Reviews[0].Grade), scheduler.InitialDifficulty(history.Reviews[0].Grade));
            for (var k = 1; k < history.Reviews.Count; k++)
            {
                var days = RetentionScheduler.WholeDays(history.Reviews[k].At - history.Reviews[k - 1].At);
                if (days > 0)
                {
                    var r = scheduler.Retrievability(days, memory.Stability);
                    loss -= history.Reviews[k].Grade == Grade.Again ? System.Math.Log(1 - r) : System.Math.Log(r);
                    count++;
                }

                memory = scheduler.Step(memory, days, history.Reviews[k].Grade);
            }
        }

        return (loss, count);
    }

    [Fact]
    public void The_objective_is_the_schedulers_log_loss()
    {
        var histories = ReviewSimulator.Simulate(new ReviewSimulationOptions { Learners = 40 }, 3);
        foreach (var parameters in new[] { FsrsParameters.Default, ReviewSimulator.ExampleTruth })
        {
            var (loss, count) = LossByScheduler(parameters, histories);

            var metrics = FsrsMetrics.Evaluate(parameters, histories);

            Assert.Equal(count, metrics.Reviews);
            Assert.Equal(histories.Sum(h => h.ScoredReviews), count);
            Assert.Equal(loss / count, metrics.LogLoss, 12);
            Assert.InRange(metrics.RmseBins, 0, 1);
        }
    }

    [Fact]
    public void The_gradient_matches_finite_differences()
    {
        // Several weight vectors inside the bounds, away from them so a small step stays inside.
        var histories = FsrsOptimizer.Prepare(ReviewSimulator.Simulate(new ReviewSimulationOptions { Learners = 30, HintShare = 0.3 }, 5));
        var random = new DeterministicRandom(9);
        var lower = FsrsParameters.LowerBounds;
        var upper = FsrsParameters.UpperBounds;
        for (var trial = 0; trial < 4; trial++)
        {
            var w = trial == 0
                ? FsrsParameters.Default.ToArray()
                : [.. Enumerable.Range(0, FsrsParameters.Count).Select(i => lower[i] + ((0.1 + (0.5 * random.NextDouble())) * (System.Math.Min(upper[i], 20) - lower[i])))];
            w[16] = trial == 0 ? w[16] : 2.5;
            var gradient = new double[FsrsParameters.Count];
            FsrsOptimizer.LossAndGradient(w, histories, gradient);

            for (var i = 0; i < FsrsParameters.Count; i++)
            {
                var h = 1e-6 * System.Math.Max(1, System.Math.Abs(w[i]));
                var plus = (double[])w.Clone();
                var minus = (double[])w.Clone();
                plus[i] += h;
                minus[i] -= h;
                var numeric = (FsrsOptimizer.LossAndGradient(plus, histories, new double[FsrsParameters.Count]) - FsrsOptimizer.LossAndGradient(minus, histories, new double[FsrsParameters.Count])) / (2 * h);

                Assert.True(System.Math.Abs(numeric - gradient[i]) <= 1e-4 * System.Math.Max(1, System.Math.Abs(numeric)), $"trial {trial}, w{i} = {w[i]}: analytic {gradient[i]}, numeric {numeric}");
            }

            // Grades never produced (Again as a first grade, Easy) leave their weights without gradient.
            Assert.Equal(0, gradient[0]);
            Assert.Equal(0, gradient[3]);
            Assert.Equal(0, gradient[16]);
        }
    }

    [Fact]
    public void On_exact_fsrs_learners_the_fit_reaches_the_truths_loss_and_recovers_the_weights_the_data_determine()
    {
        var histories = LargeExact.Value;

        var fit = FsrsOptimizer.Fit(histories);

        var truth = FsrsMetrics.Evaluate(ReviewSimulator.ExampleTruth, histories);
        var fitted = FsrsMetrics.Evaluate(fit.Parameters, histories);
        var defaults = FsrsMetrics.Evaluate(FsrsParameters.Default, histories);
        Assert.True(fitted.LogLoss <= truth.LogLoss + 0.0005, $"fitted {fitted.LogLoss}, truth {truth.LogLoss}");
        Assert.True(defaults.LogLoss >= truth.LogLoss + 0.005, $"defaults {defaults.LogLoss}, truth {truth.LogLoss}");
        Assert.True(fit.BeatsStart);
        Assert.True(fit.HeldOut.LogLoss < fit.StartHeldOut.LogLoss - 0.004, $"held out: fitted {fit.HeldOut.LogLoss}, defaults {fit.StartHeldOut.LogLoss}");
        Assert.True(fitted.RmseBins < defaults.RmseBins / 2, $"RMSE(bins): fitted {fitted.RmseBins}, defaults {defaults.RmseBins}");

        // The first stabilities of the two first grades the product gives (Hard, Good) and the decay.
        var w = fit.Parameters;
        var t = ReviewSimulator.ExampleTruth;
        Assert.InRange(w[1], t[1] * 0.85, t[1] * 1.15);
        Assert.InRange(w[2], t[2] * 0.9, t[2] * 1.1);
        Assert.InRange(w[20], t[20] - 0.05, t[20] + 0.05);
        Assert.True(w.IsWithinBounds);
    }

    [Fact]
    public void On_noisy_learners_the_fit_beats_the_defaults_on_held_out_learners_and_comes_near_the_truth()
    {
        var histories = LargeNoisy.Value;

        var fit = FsrsOptimizer.Fit(histories);

        var heldOutLearners = histories.Select(h => h.Learner).Distinct().Count() - fit.TrainLearners;
        Assert.Equal(fit.HeldOutLearners, heldOutLearners);
        Assert.Equal(120, heldOutLearners);
        Assert.True(fit.HeldOut.LogLoss < fit.StartHeldOut.LogLoss - 0.004, $"held out: fitted {fit.HeldOut.LogLoss}, defaults {fit.StartHeldOut.LogLoss}");
        var truth = FsrsMetrics.Evaluate(ReviewSimulator.ExampleTruth, histories);
        var fitted = FsrsMetrics.Evaluate(fit.Parameters, histories);
        Assert.True(System.Math.Abs(fitted.LogLoss - truth.LogLoss) < 0.005, $"fitted {fitted.LogLoss}, truth {truth.LogLoss}");
        Assert.Equal(histories.Sum(h => h.ScoredReviews), fit.Train.Reviews + fit.HeldOut.Reviews);
    }

    [Fact]
    public void The_fit_is_deterministic_and_does_not_depend_on_the_order_of_the_histories()
    {
        var histories = ReviewSimulator.Simulate(new ReviewSimulationOptions { Learners = 60 }, 21);
        var shuffled = histories.Reverse().ToList();

        var first = FsrsOptimizer.Fit(histories);
        var again = FsrsOptimizer.Fit(histories);
        var reordered = FsrsOptimizer.Fit(shuffled);
        var otherSeed = FsrsOptimizer.Fit(histories, new FsrsOptimizerOptions { Seed = 7 });

        Assert.Equal(first.Parameters.Weights, again.Parameters.Weights);
        Assert.Equal(first.Parameters.Weights, reordered.Parameters.Weights);
        Assert.Equal(first, again with { Parameters = first.Parameters });
        Assert.NotEqual(first.Parameters.Weights, otherSeed.Parameters.Weights);
        Assert.NotEqual(FsrsParameters.Default.Weights, first.Parameters.Weights);
    }

    [Fact]
    public void Too_little_history_is_refused_with_what_is_missing()
    {
        var fewLearners = ReviewSimulator.Simulate(new ReviewSimulationOptions { Learners = 6 }, 1);
        var fewReviews = ReviewSimulator.Simulate(new ReviewSimulationOptions { Learners = 20, SkillsPerLearner = 2 }, 1);

        var learners = Assert.Throws<NotEnoughReviewHistoryException>(() => FsrsOptimizer.Fit(fewLearners));
        var reviews = Assert.Throws<NotEnoughReviewHistoryException>(() => FsrsOptimizer.Fit(fewReviews));

        Assert.Contains("6 learner(s), at least 10 needed", learners.Message, StringComparison.Ordinal);
        Assert.Matches(@"^Not enough review history to fit FSRS weights: \d+ scored reviews .* at least 1,000 needed", reviews.Message);
        Assert.Equal(reviews.Message, FsrsOptimizer.WhyNotEnough(fewReviews));
        Assert.Null(FsrsOptimizer.WhyNotEnough(LargeNoisy.Value));
        Assert.Throws<NotEnoughReviewHistoryException>(() => FsrsOptimizer.Fit([]));

        // The minimum is an option: a lower one lets the same data through.
        var fit = FsrsOptimizer.Fit(fewReviews, new FsrsOptimizerOptions { MinimumReviews = 50 });
        Assert.InRange(fit.Train.Reviews, 50, 999);
    }

    [Fact]
    public void Fitted_weights_serialise_and_drive_the_scheduler()
    {
        var fit = FsrsOptimizer.Fit(ReviewSimulator.Simulate(new ReviewSimulationOptions { Learners = 40 }, 4));

        var json = fit.Parameters.ToJson();
        var read = FsrsParameters.FromJson(json);
        var scheduler = new RetentionScheduler(read);

        Assert.Equal(fit.Parameters.Weights, read.Weights);
        Assert.StartsWith("[", json, StringComparison.Ordinal);
        var start = new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
        var state = scheduler.Review(scheduler.First(Grade.Good, start), Grade.Good, start.AddDays(3));
        Assert.Equal(new RetentionScheduler(fit.Parameters).Review(new RetentionScheduler(fit.Parameters).First(Grade.Good, start), Grade.Good, start.AddDays(3)), state);
        Assert.NotEqual(new RetentionScheduler().Review(new RetentionScheduler().First(Grade.Good, start), Grade.Good, start.AddDays(3)), state);
    }

    [Fact]
    public void The_simulator_is_reproducible_and_its_histories_are_well_formed()
    {
        var options = new ReviewSimulationOptions { Learners = 25 };

        var a = ReviewSimulator.Simulate(options, 8);
        var b = ReviewSimulator.Simulate(options, 8);
        var c = ReviewSimulator.Simulate(options, 9);

        Assert.Equal(a.SelectMany(h => h.Reviews), b.SelectMany(h => h.Reviews));
        Assert.NotEqual(a.SelectMany(h => h.Reviews), c.SelectMany(h => h.Reviews));
        Assert.Equal(25 * options.SkillsPerLearner, a.Count);
        Assert.All(a, h =>
        {
            Assert.Contains(h.Reviews[0].Grade, new[] { Grade.Good, Grade.Hard });
            Assert.True(h.Reviews.Zip(h.Reviews.Skip(1), (x, y) => x.At <= y.At).All(ordered => ordered));
        });

        // Same-day reviews, lapses and long gaps all occur, and forgetting shows.
        var steps = a.SelectMany(h => h.Reviews.Zip(h.Reviews.Skip(1), (x, y) => (Days: RetentionScheduler.WholeDays(y.At - x.At), y.Grade))).ToList();
        Assert.True(steps.Count(s => s.Days == 0) > 100);
        Assert.True(steps.Count(s => s.Days > 0 && s.Grade == Grade.Again) > 100);
        Assert.Contains(steps, s => s.Days > 60);
        Assert.Contains(steps, s => s.Grade == Grade.Hard);
    }
}
