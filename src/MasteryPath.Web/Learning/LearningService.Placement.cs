using MasteryPath.Data;
using MasteryPath.Domain.Courses;
using MasteryPath.Domain.Diagnostics;
using MasteryPath.Domain.Items;
using MasteryPath.Domain.Mastery;
using MasteryPath.Domain.Skills;
using Microsoft.EntityFrameworkCore;

namespace MasteryPath.Web.Learning;

/// <summary>The placement: the adaptive diagnostic on first entry, and test-outs of a unit or the course later.</summary>
public sealed partial class LearningService
{
    /// <summary>
    /// Starts the placement on first entry, or later a test-out of one unit (or the whole course when
    /// <paramref name="unitId"/> is null): the same adaptive diagnostic, on that part of the graph.
    /// </summary>
    public async Task<Enrollment> StartPlacementAsync(string userId, string courseId, string? unitId = null, bool testOut = false, CancellationToken cancellationToken = default)
    {
        var course = catalog.Get(courseId);
        if (unitId is not null && course.Units.All(u => u.Id != unitId))
        {
            throw LearningException.NotFound($"There is no unit '{unitId}' in {course.Title}.");
        }

        var enrollment = await EnsureEnrollmentAsync(userId, courseId, cancellationToken);
        var canStart = enrollment.Placement == PlacementState.NotStarted || (testOut && enrollment.Placement is PlacementState.Done or PlacementState.Skipped);
        if (canStart)
        {
            enrollment.Placement = PlacementState.InProgress;
            enrollment.PlacementId = NewId();
            enrollment.PlacementUnit = unitId;
            enrollment.Version++;
            await db.SaveChangesAsync(cancellationToken);
        }

        return enrollment;
    }

    public async Task<Enrollment> SkipPlacementAsync(string userId, string courseId, CancellationToken cancellationToken = default)
    {
        var enrollment = await EnsureEnrollmentAsync(userId, courseId, cancellationToken);
        if (enrollment.Placement is PlacementState.NotStarted or PlacementState.InProgress)
        {
            enrollment.Placement = PlacementState.Skipped;
            enrollment.Version++;
            await db.SaveChangesAsync(cancellationToken);
        }

        return enrollment;
    }

    /// <summary>The placement question to answer now, or null when the placement is over.</summary>
    public Task<Attempt?> NextPlacementAttemptAsync(string userId, string courseId, CancellationToken cancellationToken = default) =>
        UntilOpenedAsync(() => TryNextPlacementAttemptAsync(userId, courseId, cancellationToken), cancellationToken);

    private async Task<Attempt?> TryNextPlacementAttemptAsync(string userId, string courseId, CancellationToken cancellationToken)
    {
        var state = await LoadAsync(userId, courseId, cancellationToken);
        if (state.Enrollment.Placement != PlacementState.InProgress || state.Enrollment.PlacementId is null)
        {
            return null;
        }

        var group = state.Enrollment.PlacementId;
        var open = await db.Attempts.Where(a => a.UserId == userId && a.GroupId == group && a.AnsweredAt == null).FirstOrDefaultAsync(cancellationToken);
        if (open is not null)
        {
            return open;
        }

        var diagnostic = await RebuildDiagnosticAsync(state.Course, state.Enrollment.PlacementUnit, userId, group, cancellationToken);
        if (diagnostic.IsFinished)
        {
            return null;
        }

        // The diagnostic chooses what a right answer should back; any item of the skill that exercises exactly that will do.
        var question = diagnostic.NextQuestion();
        var graph = PlacementGraph(state.Course, state.Enrollment.PlacementUnit);
        var fitting = (state.Course.ItemsBySkill.GetValueOrDefault(question.Skill) ?? [])
            .Where(d => DiagnosticQuestion.Of(d, state.Course.Graph).ClosedIn(graph).Equals(question))
            .ToList();
        return await CreateAttemptAsync(state, question.Skill, AttemptMode.Placement, EvidenceKind.Placement, group, 0.5, cancellationToken, fitting.Count > 0 ? fitting : null);
    }

    public async Task<PlacementProgress> PlacementProgressAsync(string userId, string courseId, CancellationToken cancellationToken = default)
    {
        var state = await LoadAsync(userId, courseId, cancellationToken);
        var group = state.Enrollment.PlacementId;
        var answered = group is null ? 0 : await db.Attempts.CountAsync(a => a.UserId == userId && a.GroupId == group && a.AnsweredAt != null, cancellationToken);
        var placed = group is null
            ? []
            : (await db.AnswerEvents.AsNoTracking()
                .Where(e => e.UserId == userId && e.CourseId == courseId && e.Kind == EvidenceKind.PlacedKnown)
                .OrderBy(e => e.Sequence)
                .Select(e => new { e.EventId, e.SkillId })
                .ToListAsync(cancellationToken))
                .Where(e => e.EventId.StartsWith(group + ":", StringComparison.Ordinal))
                .Select(e => e.SkillId)
                .ToList();
        return new PlacementProgress(state.Enrollment.Placement, answered, new DiagnosticSettings().MaxQuestions, placed, state.Enrollment.PlacementUnit);
    }

    /// <summary>The skills a placement covers: a unit's skills with the prerequisites among them, or the whole graph.</summary>
    public static SkillGraph PlacementGraph(Course course, string? unitId) =>
        unitId is null
            ? course.Graph
            : SkillGraph.Create(course.Skills
                .Where(s => s.UnitId == unitId)
                .Select(s => (s.Id, (IReadOnlyList<SkillId>)s.Prerequisites.Where(p => course.SkillsById[p].UnitId == unitId).ToList())));

    private async Task<AdaptiveDiagnostic> RebuildDiagnosticAsync(Course course, string? unitId, string userId, string placementId, CancellationToken cancellationToken)
    {
        var answers = await db.Attempts.AsNoTracking()
            .Where(a => a.UserId == userId && a.GroupId == placementId && a.AnsweredAt != null)
            .Select(a => new { a.SkillId, a.DefinitionId, a.Outcome, a.AnsweredAt, a.CreatedAt })
            .ToListAsync(cancellationToken);
        var questions = DiagnosticQuestion.ByItem(course.Graph, course.Items);
        var diagnostic = new AdaptiveDiagnostic(PlacementGraph(course, unitId), new DiagnosticSettings(), SeedOf(placementId), questions.Values);
        foreach (var answer in answers.OrderBy(a => a.AnsweredAt).ThenBy(a => a.CreatedAt))
        {
            diagnostic.Answer(PlacementQuestion(questions, answer.DefinitionId, answer.SkillId), answer.Outcome == AnswerOutcome.Correct);
        }

        return diagnostic;
    }

    /// <summary>What a right answer to the item backs; an item no longer in the course backs only its skill.</summary>
    private static DiagnosticQuestion PlacementQuestion(IReadOnlyDictionary<string, DiagnosticQuestion> questions, string definitionId, string skillId) =>
        questions.GetValueOrDefault(definitionId) ?? new DiagnosticQuestion(SkillId.Parse(skillId), []);

    private async Task FinishPlacementIfDoneAsync(LearnerState state, Enrollment enrollment, LearnerMastery mastery, Attempt attempt, bool correct, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var diagnostic = await RebuildDiagnosticAsync(state.Course, enrollment.PlacementUnit, attempt.UserId, attempt.GroupId!, cancellationToken);
        diagnostic.Answer(PlacementQuestion(DiagnosticQuestion.ByItem(state.Course.Graph, state.Course.Items), attempt.DefinitionId, attempt.SkillId), correct);
        if (!diagnostic.IsFinished || enrollment.Placement != PlacementState.InProgress)
        {
            return;
        }

        var alreadyMastered = mastery.Mastered;
        foreach (var placed in PlacementEvents.From(diagnostic, attempt.GroupId!, now))
        {
            // A test-out never shortens the memory of a skill that is already mastered.
            if (!alreadyMastered.Contains(placed.Skill) && mastery.Apply(placed))
            {
                db.AnswerEvents.Add(new AnswerEventRecord
                {
                    EventId = placed.EventId,
                    UserId = attempt.UserId,
                    CourseId = attempt.CourseId,
                    SkillId = placed.Skill.Value,
                    Correct = true,
                    Kind = EvidenceKind.PlacedKnown,
                    At = now,
                });
            }
        }

        enrollment.Placement = PlacementState.Done;
    }
}
