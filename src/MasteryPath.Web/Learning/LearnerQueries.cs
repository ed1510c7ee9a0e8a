using System.Runtime.CompilerServices;
using MasteryPath.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace MasteryPath.Web.Learning;

/// <summary>The learner's record on the answer path: the tracked enrollment, the class that sets its bar, and its last event.</summary>
/// <param name="Enrollment">The enrollment, tracked (the answer writes the saved state to it).</param>
/// <param name="ClassId">The class through which the learner takes the course (the most recently joined), if any.</param>
/// <param name="LastEventId">The id of the learner's last event in the course, if any.</param>
public sealed record LearnerRecord(Enrollment Enrollment, long? ClassId, string? LastEventId);

/// <summary>
/// The queries of every open and answer, compiled once: a profile under load (SQLite, 32 learners) found EF spending
/// about a third of the single writer's time translating them again on each call (walking the expression tree to pull
/// out its parameters, and looking the query up in its cache), against about a twentieth in SQLite itself.
/// </summary>
/// <remarks>
/// EF lets a compiled query run against one model only, so there is one set per model (per database provider in the
/// app; the tests run several apps in one process).
/// "The learner's class" (the most recently joined class that takes the course) is written in <see cref="Row"/> and
/// <see cref="ClassOf"/> alike: a compiled query cannot call a method that builds part of it. The learner-snapshot
/// tests hold both to it.
/// </remarks>
internal sealed class LearnerQueries
{
    private static readonly ConditionalWeakTable<IModel, LearnerQueries> ByModel = [];
    /// <summary>How many of a learner's latest questions on a skill count as seen when a fresh variant is chosen.</summary>
    public const int RecentVariants = 200;

    public readonly Func<MasteryPathDb, string, string, CancellationToken, Task<LearnerRecord?>> Row =
        EF.CompileAsyncQuery((MasteryPathDb db, string userId, string courseId, CancellationToken cancellationToken) =>
            db.Enrollments
                .Where(e => e.UserId == userId && e.CourseId == courseId)
                .Select(e => new LearnerRecord(
                    e,
                    db.ClassMemberships
                        .Where(m => m.LearnerId == userId && db.ClassCourses.Any(c => c.ClassId == m.ClassId && c.CourseId == courseId))
                        .OrderByDescending(m => m.JoinedAt)
                        .Select(m => (long?)m.ClassId)
                        .FirstOrDefault(),
                    db.AnswerEvents.Where(a => a.UserId == userId && a.CourseId == courseId).OrderByDescending(a => a.Sequence).Select(a => a.EventId).FirstOrDefault()))
                .SingleOrDefault());

    public readonly Func<MasteryPathDb, string, string, CancellationToken, Task<SchoolClass?>> ClassOf =
        EF.CompileAsyncQuery((MasteryPathDb db, string userId, string courseId, CancellationToken cancellationToken) =>
            db.ClassMemberships.AsNoTracking()
                .Where(m => m.LearnerId == userId && db.ClassCourses.Any(c => c.ClassId == m.ClassId && c.CourseId == courseId))
                .OrderByDescending(m => m.JoinedAt)
                .Join(db.Classes.AsNoTracking(), m => m.ClassId, c => c.Id, (m, c) => c)
                .FirstOrDefault());

    public readonly Func<MasteryPathDb, long, CancellationToken, Task<SchoolClass?>> ClassById =
        EF.CompileAsyncQuery((MasteryPathDb db, long classId, CancellationToken cancellationToken) =>
            db.Classes.AsNoTracking().FirstOrDefault(c => c.Id == classId));

    /// <summary>
    /// The open (unanswered) question on a skill in a mode: at most one (a unique index), so no ORDER BY, and the lookup
    /// is one index seek instead of a walk over every answered question on the skill.
    /// </summary>
    public readonly Func<MasteryPathDb, string, string, string, AttemptMode, CancellationToken, Task<Attempt?>> OpenAttempt =
        EF.CompileAsyncQuery((MasteryPathDb db, string userId, string courseId, string skillId, AttemptMode mode, CancellationToken cancellationToken) =>
            db.Attempts.SingleOrDefault(a => a.UserId == userId && a.CourseId == courseId && a.SkillId == skillId && a.Mode == mode && a.AnsweredAt == null));

    /// <summary>The item or template of the learner's latest question on the skill, if any.</summary>
    public readonly Func<MasteryPathDb, string, string, string, CancellationToken, Task<string?>> LatestDefinition =
        EF.CompileAsyncQuery((MasteryPathDb db, string userId, string courseId, string skillId, CancellationToken cancellationToken) =>
            db.Attempts
                .Where(a => a.UserId == userId && a.CourseId == courseId && a.SkillId == skillId)
                .OrderByDescending(a => a.CreatedAt)
                .Select(a => a.DefinitionId)
                .FirstOrDefault());

    /// <summary>
    /// The fixed items (not template variants, whose ids carry their seed after an '@') among the learner's latest
    /// <see cref="RecentVariants"/> questions on the skill, each once.
    /// </summary>
    public readonly Func<MasteryPathDb, string, string, string, IAsyncEnumerable<string>> RecentFixedItems =
        EF.CompileAsyncQuery((MasteryPathDb db, string userId, string courseId, string skillId) =>
            db.Attempts
                .Where(a => a.UserId == userId && a.CourseId == courseId && a.SkillId == skillId)
                .OrderByDescending(a => a.CreatedAt)
                .Take(RecentVariants)
                .Where(a => !a.VariantId.Contains("@"))
                .Select(a => a.VariantId)
                .Distinct());

    /// <summary>The learner's question, tracked (the answer is written to it).</summary>
    public readonly Func<MasteryPathDb, string, string, CancellationToken, Task<Attempt?>> Attempt =
        EF.CompileAsyncQuery((MasteryPathDb db, string attemptId, string userId, CancellationToken cancellationToken) =>
            db.Attempts.SingleOrDefault(a => a.Id == attemptId && a.UserId == userId));

    /// <summary>The sequence number of one of the learner's events, if it is in the log.</summary>
    public readonly Func<MasteryPathDb, string, string, string, CancellationToken, Task<long?>> SequenceOf =
        EF.CompileAsyncQuery((MasteryPathDb db, string userId, string courseId, string eventId, CancellationToken cancellationToken) =>
            db.AnswerEvents.Where(a => a.UserId == userId && a.CourseId == courseId && a.EventId == eventId).Select(a => (long?)a.Sequence).FirstOrDefault());

    /// <summary>The learner's question as committed, untracked: read to judge an answer before it is queued for the writer.</summary>
    public readonly Func<MasteryPathDb, string, string, CancellationToken, Task<Attempt?>> CommittedAttempt =
        EF.CompileAsyncQuery((MasteryPathDb db, string attemptId, string userId, CancellationToken cancellationToken) =>
            db.Attempts.AsNoTracking().SingleOrDefault(a => a.Id == attemptId && a.UserId == userId));

    /// <summary>The queries compiled for the context's model.</summary>
    public static LearnerQueries For(MasteryPathDb db) => ByModel.GetValue(db.Model, _ => new LearnerQueries());
}
