using MasteryPath.Domain.Learning;
using MasteryPath.Domain.Mastery;
using MasteryPath.Domain.Retention;
using MasteryPath.Domain.Skills;
using Microsoft.EntityFrameworkCore;

namespace MasteryPath.Data.LearnerModels;

/// <summary>What a fit gave: the stored version, the fit itself and the FSRS fit's report, or why there was nothing to fit.</summary>
public sealed record LearnerModelFitOutcome(LearnerModelVersion? Version, LearnerModelFit? Fit, string? Refusal, RetentionFitDto? Retention = null);

/// <summary>What a fit needs of the course's content to fit FSRS weights: its skill graph and its mastery bar.</summary>
public sealed record CourseContent(SkillGraph Graph, MasteryPolicy Policy);

/// <summary>
/// Fits a course's learner model on the course's own answer-event log and stores it as a new version, not yet in
/// force; shared by the web app's background worker and <c>masterypath kt fit --course</c>. The training data are the
/// learners' answers (practice, mastery checks, reviews, placement questions — not a teacher's or the placement's
/// decisions), without the answers given after a hint, per learner in log order.
/// </summary>
public sealed class LearnerModelFitting(MasteryPathDb db, LearnerModelStore store)
{
    /// <summary>The evidence kinds that are a learner's own answer.</summary>
    public static readonly IReadOnlyList<EvidenceKind> AnswerKinds = [EvidenceKind.Practice, EvidenceKind.MasteryCheck, EvidenceKind.Review, EvidenceKind.Placement];

    /// <summary>The fitter; its minimums decide when a course has enough data.</summary>
    public LearnerModelFitter Fitter { get; init; } = new();

    /// <summary>The FSRS optimiser's settings; its minimums decide when the course's review history is enough.</summary>
    public FsrsOptimizerOptions RetentionOptions { get; init; } = new();

    private IQueryable<AnswerEventRecord> Training(string courseId) =>
        db.AnswerEvents.AsNoTracking().Where(e => e.CourseId == courseId && !e.UsedHint
            && (e.Kind == EvidenceKind.Practice || e.Kind == EvidenceKind.MasteryCheck || e.Kind == EvidenceKind.Review || e.Kind == EvidenceKind.Placement));

    /// <summary>The course's training answers per learner (user id), each learner's in log order.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<SkillAnswer>>> ReadAnswersAsync(string courseId, CancellationToken cancellationToken = default)
    {
        var byLearner = new Dictionary<string, List<SkillAnswer>>(StringComparer.Ordinal);
        var rows = Training(courseId).OrderBy(e => e.Sequence).Select(e => new { e.UserId, e.SkillId, e.Correct }).AsAsyncEnumerable();
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            if (!SkillId.IsValid(row.SkillId))
            {
                continue;
            }

            if (!byLearner.TryGetValue(row.UserId, out var answers))
            {
                byLearner[row.UserId] = answers = [];
            }

            answers.Add(new SkillAnswer(SkillId.Parse(row.SkillId), row.Correct));
        }

        return byLearner.ToDictionary(p => p.Key, p => (IReadOnlyList<SkillAnswer>)p.Value, StringComparer.Ordinal);
    }

    /// <summary>
    /// Why the course cannot be fitted yet (the fitter's own message), or null when it can. Counts in SQL first, so a
    /// course with plenty of data is not read just to be told so.
    /// </summary>
    public async Task<string?> RefusalAsync(string courseId, CancellationToken cancellationToken = default)
    {
        var answers = await Training(courseId).CountAsync(cancellationToken);
        var learners = await Training(courseId).Select(e => e.UserId).Distinct().CountAsync(cancellationToken);
        if (learners >= Fitter.MinLearners && answers >= Fitter.MinAnswers)
        {
            return null;
        }

        return Fitter.Refusal(await ReadAnswersAsync(courseId, cancellationToken));
    }

    /// <summary>
    /// Reads the course's answers, fits (on a worker thread: it is CPU-bound), and stores the model as the next version,
    /// not active. With the course's <paramref name="content"/>, also fits FSRS weights on the review histories the log
    /// holds under the fitted model, and keeps them only when there are enough reviews and they beat FSRS's defaults on
    /// held-out learners (ADR 0010). Progress goes from 0 to 1: reading is the first tenth, the fit most of the rest.
    /// </summary>
    public async Task<LearnerModelFitOutcome> FitAsync(string courseId, string createdBy, IProgress<double>? progress = null, CancellationToken cancellationToken = default, CourseContent? content = null)
    {
        progress?.Report(0);
        var answers = await ReadAnswersAsync(courseId, cancellationToken);
        if (Fitter.Refusal(answers) is { } refusal)
        {
            return new LearnerModelFitOutcome(null, null, refusal);
        }

        progress?.Report(0.1);
        var scaled = progress is null ? null : new ScaledProgress(progress, 0.1, content is null ? 0.95 : 0.85);
        var fit = await Task.Run(() => Fitter.Fit(answers, scaled), cancellationToken);
        RetentionFitDto? retention = null;
        if (content is not null)
        {
            retention = await FitRetentionAsync(courseId, content, fit.Model, cancellationToken);
            if (retention.Weights is { } weights)
            {
                fit = fit with { Model = fit.Model.WithRetention(new FsrsParameters(weights)) };
            }

            progress?.Report(0.95);
        }

        var version = await store.AddAsync(courseId, fit, createdBy, cancellationToken, retention);
        progress?.Report(1);
        return new LearnerModelFitOutcome(version, fit, null, retention);
    }

    /// <summary>
    /// Fits FSRS weights on the course's review histories: every learner's log replayed under <paramref name="model"/>,
    /// each mastered skill's later answers as reviews (<see cref="ReviewHistories.FromAnswers"/>).
    /// </summary>
    public async Task<RetentionFitDto> FitRetentionAsync(string courseId, CourseContent content, LearnerModel model, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var byLearner = new Dictionary<string, List<AnswerEvent>>(StringComparer.Ordinal);
        var rows = db.AnswerEvents.AsNoTracking().Where(e => e.CourseId == courseId).OrderBy(e => e.Sequence).AsAsyncEnumerable();
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            if (!SkillId.IsValid(row.SkillId) || (row.AlsoSkills is { Length: > 0 } also && !also.Split(',').All(SkillId.IsValid)))
            {
                continue;
            }

            if (!byLearner.TryGetValue(row.UserId, out var events))
            {
                byLearner[row.UserId] = events = [];
            }

            events.Add(row.ToDomain());
        }

        return await Task.Run(
            () =>
            {
                var histories = byLearner.SelectMany(p => ReviewHistories.FromAnswers(p.Key, content.Graph, model, content.Policy, p.Value)).ToList();
                if (FsrsOptimizer.WhyNotEnough(histories, RetentionOptions) is { } why)
                {
                    return RetentionFitDto.KeptDefaults($"FSRS defaults kept: {why.TrimEnd('.')}.", byLearner.Count, histories.Count);
                }

                var fsrs = FsrsOptimizer.Fit(histories, RetentionOptions);
                return RetentionFitDto.From(fsrs, byLearner.Count, histories.Count);
            },
            cancellationToken);
    }

    private sealed class ScaledProgress(IProgress<double> inner, double from, double to) : IProgress<double>
    {
        public void Report(double value) => inner.Report(from + ((to - from) * Math.Clamp(value, 0, 1)));
    }
}
