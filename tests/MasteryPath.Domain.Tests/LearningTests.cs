using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MasteryPath.Domain.Learning;
using MasteryPath.Domain.Simulation;

namespace MasteryPath.Domain.Tests;

public class LearningTests
{
    [Fact]
    public void Auc_matches_hand_computed_values_including_ties()
    {
        Assert.Equal(1.0, PredictionMetrics.ComputeAuc([0.1, 0.2, 0.8, 0.9], [false, false, true, true]));
        Assert.Equal(0.0, PredictionMetrics.ComputeAuc([0.9, 0.8, 0.2, 0.1], [false, false, true, true]));
        Assert.Equal(0.75, PredictionMetrics.ComputeAuc([0.1, 0.4, 0.35, 0.8], [false, false, true, true]));
        Assert.Equal(0.5, PredictionMetrics.ComputeAuc([0.5, 0.5, 0.5, 0.5], [false, true, false, true]));
    }

    [Fact]
    public void Metrics_of_a_perfect_and_a_coin_flip_predictor()
    {
        var perfect = PredictionMetrics.Compute([1, 0, 1], [true, false, true]);
        var coin = PredictionMetrics.Compute([0.5, 0.5], [true, false]);

        Assert.Equal(1, perfect.Accuracy);
        Assert.Equal(0, perfect.Rmse, 9);
        Assert.Equal(System.Math.Log(2), coin.LogLoss, 9);
        Assert.Equal(0.5, coin.Rmse, 9);
    }

    [Fact]
    public void Calibration_error_and_reliability_table_match_a_hand_computed_case()
    {
        // Bin 0: 0.05 vs 0 observed; bin 1: 0.15 and 0.15 vs 1 of 2; bin 9: 0.95 and 1.0 vs 2 of 2.
        var report = CalibrationReport.Compute([0.05, 0.15, 0.15, 0.95, 1.0], [false, true, false, true, true]);

        Assert.Equal(10, report.Bins.Count);
        Assert.Equal([1, 2, 0, 0, 0, 0, 0, 0, 0, 2], report.Bins.Select(b => b.Count));
        Assert.Equal(0.15, report.Bins[1].MeanPredicted, 12);
        Assert.Equal(0.5, report.Bins[1].ObservedRate, 12);
        Assert.Equal(0.975, report.Bins[9].MeanPredicted, 12);
        Assert.True(double.IsNaN(report.Bins[4].MeanPredicted));
        Assert.Equal((0.2 * 0.05) + (0.4 * 0.35) + (0.4 * 0.025), report.Ece, 12);
        Assert.Equal(report.Ece, PredictionMetrics.Compute([0.05, 0.15, 0.15, 0.95, 1.0], [false, true, false, true, true]).Ece, 12);
    }

    [Fact]
    public void A_bin_edge_belongs_to_the_bin_above_and_an_empty_log_has_no_error()
    {
        var report = CalibrationReport.Compute([0.1, 0.5, 0.0], [true, true, false]);

        Assert.Equal(1, report.Bins[0].Count);
        Assert.Equal(1, report.Bins[1].Count);
        Assert.Equal(1, report.Bins[5].Count);
        Assert.Equal(((0.9 + 0.5) / 3) + 0, report.Ece, 12);
        Assert.True(double.IsNaN(CalibrationReport.Compute([], []).Ece));
        Assert.Throws<ArgumentException>(() => CalibrationReport.Compute([0.5], []));
    }

    [Fact]
    public void Calibrated_predictions_have_almost_no_calibration_error_and_shifted_ones_do()
    {
        var random = new DeterministicRandom(17);
        var predictions = new List<double>();
        var outcomes = new List<bool>();
        for (var i = 0; i < 100_000; i++)
        {
            var p = random.NextDouble();
            predictions.Add(p);
            outcomes.Add(random.NextDouble() < p);
        }

        var calibrated = CalibrationReport.Compute(predictions, outcomes);
        var shifted = CalibrationReport.Compute(predictions.Select(p => System.Math.Min(1, p + 0.15)).ToList(), outcomes);

        Assert.True(calibrated.Ece < 0.01, $"calibrated ECE {calibrated.Ece}");
        Assert.True(shifted.Ece > 0.1, $"shifted ECE {shifted.Ece}");
        Assert.All(calibrated.Bins, b => Assert.Equal(b.MeanPredicted, b.ObservedRate, 0.02));
        Assert.Equal(PredictionMetrics.ComputeAuc(predictions, outcomes), PredictionMetrics.ComputeAuc(predictions.Select(p => p / 2).ToList(), outcomes), 12);
    }

    /// <summary>Learners simulated from known BKT parameters, one skill.</summary>
    private static List<LearnerSequence> SimulateBkt(BktParameters truth, int learners, int length, ulong seed)
    {
        var random = new DeterministicRandom(seed);
        var result = new List<LearnerSequence>();
        for (var l = 0; l < learners; l++)
        {
            var known = random.NextDouble() < truth.Initial;
            var attempts = new List<Attempt>();
            for (var t = 0; t < length; t++)
            {
                var correct = known ? random.NextDouble() >= truth.Slip : random.NextDouble() < truth.Guess;
                attempts.Add(new Attempt(7, correct));
                known = known || random.NextDouble() < truth.Learn;
            }

            result.Add(new LearnerSequence($"l{l}", attempts));
        }

        return result;
    }

    [Fact]
    public void Bkt_em_recovers_the_parameters_that_generated_the_data()
    {
        var truth = new BktParameters(0.3, 0.15, 0.2, 0.08);

        var fitted = (BayesianKnowledgeTracing)new BktTrainer().Fit(SimulateBkt(truth, 3000, 12, 42));
        var p = fitted.Parameters[7];

        Assert.Equal(truth.Initial, p.Initial, 0.05);
        Assert.Equal(truth.Learn, p.Learn, 0.04);
        Assert.Equal(truth.Guess, p.Guess, 0.04);
        Assert.Equal(truth.Slip, p.Slip, 0.04);
    }

    [Fact]
    public void Fitted_models_beat_chance_on_held_out_learners_of_the_same_process()
    {
        var truth = new BktParameters(0.3, 0.15, 0.2, 0.08);
        var train = SimulateBkt(truth, 1500, 12, 1);
        var test = SimulateBkt(truth, 500, 12, 2);

        foreach (var trainer in KnowledgeTracerCatalog.All)
        {
            var (predictions, outcomes) = PredictionMetrics.Replay(trainer.Fit(train), test);
            var metrics = PredictionMetrics.Compute(predictions, outcomes);
            Assert.True(metrics.Auc > 0.75, $"{trainer.Name}: AUC {metrics.Auc}");
        }
    }

    [Fact]
    public void Pfa_learns_that_successes_raise_and_failures_lower_the_odds()
    {
        var model = (PerformanceFactorsAnalysis)new PfaTrainer().Fit(SimulateBkt(new BktParameters(0.2, 0.2, 0.15, 0.05), 1000, 10, 3));
        var p = model.Parameters[7];

        Assert.True(p.SuccessWeight > 0, p.ToString());
        Assert.True(p.SuccessWeight > p.FailureWeight, p.ToString());
    }

    private static readonly IKnowledgeTracer[] FittedModels = KnowledgeTracerCatalog.All
        .Select(t => t.Fit(SimulateBkt(new BktParameters(0.3, 0.15, 0.2, 0.08), 300, 10, 9)))
        .ToArray();

    [Property(MaxTest = 200)]
    public Property Predictions_and_mastery_are_probabilities_and_a_correct_answer_never_lowers_bkt_mastery(int seed, PositiveInt length)
    {
        var random = new DeterministicRandom((ulong)seed);
        foreach (var model in FittedModels)
        {
            var trace = model.StartLearner();
            for (var i = 0; i < (length.Get % 40) + 1; i++)
            {
                var skill = random.Next(3) == 0 ? 99 : 7;
                var p = trace.PredictCorrect(skill);
                var before = trace.Mastery(skill);
                var correct = random.Next(2) == 0;
                trace.Observe(skill, correct);
                var after = trace.Mastery(skill);
                if (p is < 0 or > 1 || after is < 0 or > 1 || double.IsNaN(p))
                {
                    return false.ToProperty();
                }

                if (correct && model is BayesianKnowledgeTracing && after < before - 1e-12)
                {
                    return false.ToProperty();
                }
            }
        }

        return true.ToProperty();
    }
}

public class LogisticKnowledgeTracingTests
{
    /// <summary>Learners with one ability shared by every skill, who also learn with practice (IRT plus learning).</summary>
    private static List<LearnerSequence> SharedAbility(int learners, ulong seed)
    {
        var random = new DeterministicRandom(seed);
        double[] difficulty = [-1.0, -0.3, 0.2, 0.8, 1.2];
        var result = new List<LearnerSequence>();
        for (var l = 0; l < learners; l++)
        {
            var ability = ((random.NextDouble() + random.NextDouble() + random.NextDouble()) - 1.5) * 2.5;
            var practice = new int[difficulty.Length];
            var attempts = new List<Attempt>();
            for (var t = 0; t < 30; t++)
            {
                var skill = random.Next(difficulty.Length);
                var p = 1 / (1 + System.Math.Exp(-(ability - difficulty[skill] + (0.15 * practice[skill]))));
                attempts.Add(new Attempt(skill, random.NextDouble() < p));
                practice[skill]++;
            }

            result.Add(new LearnerSequence($"l{l}", attempts));
        }

        return result;
    }

    [Fact]
    public void The_default_model_learns_transfer_between_skills_that_pfa_cannot_see()
    {
        var train = SharedAbility(800, 1);
        var test = SharedAbility(400, 2);

        double Auc(IKnowledgeTracerTrainer trainer)
        {
            var (predictions, outcomes) = PredictionMetrics.Replay(trainer.Fit(train), test);
            return PredictionMetrics.Compute(predictions, outcomes).Auc;
        }

        var lkt = Auc(new LogisticKnowledgeTracingTrainer { Folds = 3 });
        var pfa = Auc(new PfaTrainer());

        Assert.True(lkt > pfa + 0.02, $"lkt {lkt:F4} vs pfa {pfa:F4}");
        Assert.Equal(LogisticKnowledgeTracingTrainer.ModelName, KnowledgeTracerCatalog.DefaultName);
    }

    [Fact]
    public void Cross_validation_picks_one_of_the_candidate_strengths_deterministically()
    {
        var train = SharedAbility(200, 3);
        var trainer = new LogisticKnowledgeTracingTrainer { Folds = 3, Lambdas = [1e-4, 1e-2, 1] };

        var first = (LogisticKnowledgeTracing)trainer.Fit(train);
        var second = (LogisticKnowledgeTracing)trainer.Fit(train);

        Assert.Contains(first.Lambda, trainer.Lambdas);
        Assert.Equal(first.Lambda, second.Lambda);
        var a = first.StartLearner();
        var b = second.StartLearner();
        Assert.Equal(a.PredictCorrect(2), b.PredictCorrect(2), 12);
    }

    [Fact]
    public void On_many_exercise_ids_with_few_answers_each_the_default_model_beats_pfa_fitted_in_the_same_run()
    {
        // ~1,200 exercise ids, ~10 answers each in training: a dense skills² lag block would be 8.6 M weights.
        var log = SyntheticAnswerLogs.Generate(AnswerLogShape.ManyExercises, 45, 3);
        var train = log.Take(30).ToList();
        var test = log.Skip(30).ToList();

        double Auc(IKnowledgeTracer model)
        {
            var (predictions, outcomes) = PredictionMetrics.Replay(model, test);
            return PredictionMetrics.Compute(predictions, outcomes).Auc;
        }

        var lkt = (LogisticKnowledgeTracing)new LogisticKnowledgeTracingTrainer { Folds = 3 }.Fit(train);
        var pfa = Auc(new PfaTrainer().Fit(train));

        Assert.True(Auc(lkt) > pfa + 0.02, $"lkt {Auc(lkt):F4} vs pfa {pfa:F4}");
        Assert.True(lkt.Dimension < 200_000, $"{lkt.Dimension} weights");
    }

    [Fact]
    public void A_course_log_of_a_few_learners_fits_and_predicts_probabilities()
    {
        var random = new DeterministicRandom(8);
        List<LearnerSequence> Course(int learners) => Enumerable.Range(0, learners)
            .Select(l => new LearnerSequence($"l{l}", Enumerable.Range(0, 30).Select(_ => new Attempt(random.Next(50), random.Next(4) > 0)).ToList()))
            .ToList();

        foreach (var learners in new[] { 1, 3, 12, 40 })
        {
            var trainer = new LogisticKnowledgeTracingTrainer();
            var model = (LogisticKnowledgeTracing)trainer.Fit(Course(learners));
            var trace = model.StartLearner();
            for (var i = 0; i < 20; i++)
            {
                var p = trace.PredictCorrect(i);
                Assert.InRange(p, 0.001, 0.999);
                trace.Observe(i, i % 3 > 0);
            }

            Assert.Contains(model.Lambda, trainer.Candidates(learners * 30));
        }
    }

    [Fact]
    public void The_l2_grid_scales_with_the_data_so_small_logs_are_regularised_more()
    {
        var trainer = new LogisticKnowledgeTracingTrainer { PriorStrengths = [3, 30] };

        Assert.Equal([3.0 / 1_000, 30.0 / 1_000], trainer.Candidates(1_000));
        Assert.Equal([3.0 / 100_000, 30.0 / 100_000], trainer.Candidates(100_000));
        Assert.Equal([0.5, 2.0], new LogisticKnowledgeTracingTrainer { Lambdas = [2.0, 0.5] }.Candidates(10));
    }

    [Fact]
    public void Skills_never_seen_in_training_still_get_a_probability()
    {
        var model = new LogisticKnowledgeTracingTrainer { Folds = 1 }.Fit(SharedAbility(100, 4));
        var trace = model.StartLearner();

        trace.Observe(999, true);
        var p = trace.PredictCorrect(12345);

        Assert.InRange(p, 0.01, 0.99);
    }
}

public class ModelExportTests
{
    [Fact]
    public void Every_model_survives_export_and_import_with_identical_predictions()
    {
        var random = new DeterministicRandom(5);
        var training = Enumerable.Range(0, 150)
            .Select(l => new LearnerSequence($"l{l}", Enumerable.Range(0, 20).Select(_ => new Attempt(random.Next(6), random.Next(3) > 0)).ToList()))
            .ToList();
        var probe = Enumerable.Range(0, 40).Select(_ => new Attempt(random.Next(8), random.Next(2) == 0)).ToList();

        foreach (var trainer in new IKnowledgeTracerTrainer[] { new LogisticKnowledgeTracingTrainer { Folds = 1 }, new PfaTrainer { Iterations = 50 }, new BktTrainer() })
        {
            var original = trainer.Fit(training);
            var copy = KnowledgeTracerCatalog.Import(original.Export());
            var a = original.StartLearner();
            var b = copy.StartLearner();
            foreach (var attempt in probe)
            {
                Assert.Equal(a.PredictCorrect(attempt.Skill), b.PredictCorrect(attempt.Skill), 12);
                a.Observe(attempt.Skill, attempt.Correct);
                b.Observe(attempt.Skill, attempt.Correct);
            }
        }
    }

    [Fact]
    public void An_lkt_model_with_lag_keys_out_of_range_is_refused()
    {
        var training = SyntheticAnswerLogs.Generate(AnswerLogShape.ManySkills, 60, 2);
        var exported = new LogisticKnowledgeTracingTrainer { Folds = 1 }.Fit(training).Export();
        Assert.NotEmpty(exported.Array("lag_keys"));
        var broken = exported with { Arrays = exported.Arrays.ToDictionary(p => p.Key, p => p.Key == "lag_keys" ? p.Value.Select(k => k + 1e12).ToArray() : p.Value) };

        Assert.Throws<FormatException>(() => KnowledgeTracerCatalog.Import(broken));
    }

    [Fact]
    public void Inconsistent_parameters_are_refused_with_a_reason()
    {
        var exported = new BktTrainer().Fit([new LearnerSequence("a", [new Attempt(1, true), new Attempt(1, false)])]).Export();
        var broken = exported with { Arrays = exported.Arrays.ToDictionary(p => p.Key, p => p.Key == "slip" ? System.Array.Empty<double>() : p.Value) };

        Assert.Throws<FormatException>(() => KnowledgeTracerCatalog.Import(broken));
        Assert.Throws<FormatException>(() => KnowledgeTracerCatalog.Import(exported with { Model = "nope" }));
    }
}
