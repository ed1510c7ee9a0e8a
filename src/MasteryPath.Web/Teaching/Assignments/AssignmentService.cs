using System.Security.Claims;
using MasteryPath.Data;
using MasteryPath.Domain.Courses;
using MasteryPath.Domain.Mastery;
using MasteryPath.Domain.Planning;
using MasteryPath.Domain.Skills;
using MasteryPath.Web.Accounts;
using MasteryPath.Web.Learning;
using Microsoft.EntityFrameworkCore;

namespace MasteryPath.Web.Teaching.Assignments;

/// <summary>What a teacher asks for: a unit or skills of a course, for the whole class or chosen learners.</summary>
public sealed record AssignmentRequest(string? Course, string? Unit, IReadOnlyList<string>? Skills, bool WholeClass, IReadOnlyList<string>? Learners, DateOnly? DueOn, string? Note, string? Title = null);

/// <summary>One learner's line on an assignment.</summary>
public sealed record AssigneeProgress(string LearnerId, string Name, AssignmentProgress Progress);

/// <summary>An assignment as its teacher sees it: the skills and every assignee's progress.</summary>
public sealed record AssignmentOverview(ClassAssignment Assignment, Course Course, IReadOnlyList<Skill> Skills, IReadOnlyList<AssigneeProgress> Assignees)
{
    public int Done => Assignees.Count(a => a.Progress.IsDone);

    public int Overdue => Assignees.Count(a => a.Progress.Standing == AssignmentStanding.Overdue);
}

/// <summary>An assignment as a learner sees it.</summary>
public sealed record LearnerAssignment(ClassAssignment Assignment, string ClassName, Course Course, IReadOnlyList<Skill> Skills, AssignmentProgress Progress)
{
    /// <summary>Where to go next: the first assigned skill not mastered yet (its page, or the map when it is locked).</summary>
    public string NextUrl { get; init; } = $"/courses/{Course.Id}";
}

/// <summary>Assignments and announcements of a class: teachers set them, learners see theirs on their home and Today pages.</summary>
public sealed class AssignmentService(MasteryPathDb db, TeachingService teaching, LearningService learning, CourseCatalog catalog, TimeProvider time)
{
    public const int MaxNoteLength = 1000;
    public const int MaxTitleLength = 200;
    public const int MaxAnnouncementLength = 2000;

    /// <summary>Announcements older than this are no longer shown to learners (the teacher still sees them).</summary>
    public static readonly TimeSpan AnnouncementShownFor = TimeSpan.FromDays(14);

    public DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    public async Task<ClassAssignment> CreateAsync(ClaimsPrincipal teacher, long classId, AssignmentRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var schoolClass = await teaching.GetClassAsync(teacher, classId, cancellationToken);
        var course = teaching.CourseOf(schoolClass, request.Course);
        var (skills, unit) = SkillsOf(course, request);
        var learners = (request.Learners ?? []).Where(l => !string.IsNullOrWhiteSpace(l)).Distinct(StringComparer.Ordinal).ToList();
        if (!request.WholeClass && learners.Count == 0)
        {
            throw LearningException.Invalid("Choose the whole class or at least one learner.");
        }

        var members = schoolClass.Members.Select(m => m.LearnerId).ToHashSet(StringComparer.Ordinal);
        if (!request.WholeClass && learners.Any(l => !members.Contains(l)))
        {
            throw LearningException.NotFound("Some of those learners are not in this class.");
        }

        if (request.DueOn is { } due && due < Today)
        {
            throw LearningException.Invalid($"The due date {due:d MMM yyyy} has passed; choose today or a later day.");
        }

        var note = CleanText(request.Note, MaxNoteLength, "note");
        var title = CleanText(request.Title, MaxTitleLength, "title")?.ReplaceLineEndings(" ")
            ?? unit?.Title
            ?? (skills.Count == 1 ? skills[0].Title : $"{skills.Count} skills: {string.Join(", ", skills.Take(3).Select(s => s.Title))}{(skills.Count > 3 ? ", …" : "")}");
        if (title.Length > MaxTitleLength)
        {
            title = title[..(MaxTitleLength - 1)] + "…";
        }

        var now = time.GetUtcNow();
        var actor = teacher.UserId();
        var assignment = new ClassAssignment
        {
            ClassId = classId,
            CourseId = course.Id,
            Title = title,
            UnitId = unit?.Id,
            Note = note,
            DueOn = request.DueOn,
            ForWholeClass = request.WholeClass,
            AssignedById = actor,
            AssignedAt = now,
            Skills = [.. skills.Select((s, i) => new ClassAssignmentSkill { SkillId = s.Id.Value, Position = i })],
            Learners = request.WholeClass ? [] : [.. learners.Select(l => new ClassAssignmentLearner { LearnerId = l })],
        };
        db.ClassAssignments.Add(assignment);
        var audience = request.WholeClass ? "the whole class" : $"{learners.Count} learner{(learners.Count == 1 ? "" : "s")}";
        db.AuditLog.Add(new AuditEntry { At = now, ActorId = actor, Action = "assign", SubjectUserId = request.WholeClass || learners.Count != 1 ? null : learners[0], ClassId = classId, CourseId = course.Id, Details = $"{title} ({string.Join(',', skills.Select(s => s.Id.Value))}) to {audience}{(request.DueOn is { } d ? $", due {d:yyyy-MM-dd}" : "")}", Reason = note });
        await db.SaveChangesAsync(cancellationToken);
        return assignment;
    }

    public async Task DeleteAsync(ClaimsPrincipal teacher, long classId, long assignmentId, CancellationToken cancellationToken = default)
    {
        await teaching.GetClassAsync(teacher, classId, cancellationToken);
        var assignment = await db.ClassAssignments.SingleOrDefaultAsync(a => a.Id == assignmentId && a.ClassId == classId, cancellationToken)
            ?? throw LearningException.NotFound("There is no such assignment in this class.");
        db.ClassAssignments.Remove(assignment);
        db.AuditLog.Add(new AuditEntry { At = time.GetUtcNow(), ActorId = teacher.UserId(), Action = "unassign", ClassId = classId, CourseId = assignment.CourseId, Details = assignment.Title });
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The class's assignments, newest first, with every assignee's progress read from the maintained learner state.</summary>
    public async Task<IReadOnlyList<AssignmentOverview>> ForClassAsync(ClaimsPrincipal teacher, long classId, CancellationToken cancellationToken = default)
    {
        var schoolClass = await teaching.GetClassAsync(teacher, classId, cancellationToken);
        var assignments = await LoadAsync(classId, null, cancellationToken);
        var overviews = new List<AssignmentOverview>(assignments.Count);
        foreach (var group in assignments.GroupBy(a => a.CourseId))
        {
            if (catalog.Find(group.Key) is not null && schoolClass.Courses.Any(c => c.CourseId == group.Key))
            {
                overviews.AddRange(Overviews(await teaching.DashboardAsync(teacher, classId, group.Key, cancellationToken), group));
            }
        }

        return [.. overviews.OrderByDescending(o => o.Assignment.AssignedAt).ThenByDescending(o => o.Assignment.Id)];
    }

    /// <summary>One assignment just set, with its assignees' progress.</summary>
    public async Task<AssignmentOverview> OverviewAsync(ClaimsPrincipal teacher, ClassAssignment assignment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        return Overviews(await teaching.DashboardAsync(teacher, assignment.ClassId, assignment.CourseId, cancellationToken), [assignment])[0];
    }

    /// <summary>The assignments of the dashboard's class and course, with progress from the dashboard's own learner rows.</summary>
    public async Task<IReadOnlyList<AssignmentOverview>> ForDashboardAsync(ClassDashboard dashboard, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dashboard);
        return Overviews(dashboard, await LoadAsync(dashboard.Class.Id, dashboard.Course.Id, cancellationToken));
    }

    private async Task<List<ClassAssignment>> LoadAsync(long classId, string? courseId, CancellationToken cancellationToken) =>
        await db.ClassAssignments.AsNoTracking().Include(a => a.Skills).Include(a => a.Learners)
            .Where(a => a.ClassId == classId && (courseId == null || a.CourseId == courseId))
            .OrderByDescending(a => a.AssignedAt).ThenByDescending(a => a.Id)
            .ToListAsync(cancellationToken);

    private List<AssignmentOverview> Overviews(ClassDashboard dashboard, IEnumerable<ClassAssignment> assignments)
    {
        var today = Today;
        return [.. assignments.Select(assignment =>
        {
            var skills = SkillsOf(dashboard.Course, assignment);
            var ids = skills.Select(s => s.Id).ToList();
            var assignees = dashboard.Learners
                .Where(l => assignment.ForWholeClass || assignment.Learners.Any(a => a.LearnerId == l.LearnerId))
                .Select(l => new AssigneeProgress(l.LearnerId, l.Name, AssignmentProgress.Of(ids, s => l.Skills.GetValueOrDefault(s), assignment.DueOn, today)))
                .ToList();
            return new AssignmentOverview(assignment, dashboard.Course, skills, assignees);
        })];
    }

    /// <summary>The learner's assignments in every class they are in, those not done first (by due date), then the done ones.</summary>
    public async Task<IReadOnlyList<LearnerAssignment>> ForLearnerAsync(string learnerId, CancellationToken cancellationToken = default)
    {
        var classes = await db.ClassMemberships.AsNoTracking().Where(m => m.LearnerId == learnerId)
            .Join(db.Classes.AsNoTracking(), m => m.ClassId, c => c.Id, (m, c) => new { c.Id, c.Name })
            .ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);
        var assignments = await db.AssignedTo(learnerId).AsNoTracking().Include(a => a.Skills)
            .ToListAsync(cancellationToken);
        var today = Today;
        var result = new List<LearnerAssignment>(assignments.Count);
        foreach (var group in assignments.GroupBy(a => a.CourseId))
        {
            if (catalog.Find(group.Key) is not { } course)
            {
                continue;
            }

            var state = await learning.LoadAsync(learnerId, course.Id, cancellationToken);
            foreach (var assignment in group)
            {
                var skills = SkillsOf(course, assignment);
                var progress = AssignmentProgress.Of([.. skills.Select(s => s.Id)], s => state.Status(s), assignment.DueOn, today);
                var next = skills.FirstOrDefault(s => state.Status(s.Id).State != SkillState.Mastered);
                var url = next is null ? $"/courses/{course.Id}"
                    : state.Status(next.Id).State == SkillState.Locked ? $"/courses/{course.Id}/map"
                    : $"/courses/{course.Id}/skills/{next.Id.Value}";
                result.Add(new LearnerAssignment(assignment, classes[assignment.ClassId], course, skills, progress) { NextUrl = url });
            }
        }

        return [.. result.OrderBy(a => a.Progress.IsDone).ThenBy(a => a.Assignment.DueOn ?? DateOnly.MaxValue).ThenByDescending(a => a.Assignment.AssignedAt)];
    }

    private static (IReadOnlyList<Skill> Skills, Unit? Unit) SkillsOf(Course course, AssignmentRequest request)
    {
        if (!string.IsNullOrWhiteSpace(request.Unit))
        {
            var unit = course.Units.FirstOrDefault(u => u.Id == request.Unit)
                ?? throw LearningException.NotFound($"There is no unit '{request.Unit}' in {course.Title}.");
            return ([.. course.Graph.TopologicalOrder.Select(s => course.SkillsById[s]).Where(s => s.UnitId == unit.Id)], unit);
        }

        var ids = (request.Skills ?? []).Where(s => !string.IsNullOrWhiteSpace(s)).Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count == 0)
        {
            throw LearningException.Invalid("Choose a unit or at least one skill.");
        }

        return ([.. ids.Select(id => course.SkillsById[LearningService.ParseSkill(course, id)])], null);
    }

    /// <summary>The assignment's skills that the course still has (a course update may have removed one), in the teacher's order.</summary>
    private static IReadOnlyList<Skill> SkillsOf(Course course, ClassAssignment assignment) =>
        [.. assignment.Skills.OrderBy(s => s.Position)
            .Where(s => SkillId.IsValid(s.SkillId) && course.Graph.Contains(SkillId.Parse(s.SkillId)))
            .Select(s => course.SkillsById[SkillId.Parse(s.SkillId)])];

    /// <summary>Trimmed text with its line breaks kept, or null when blank; refused when too long or holding invisible or control characters.</summary>
    internal static string? CleanText(string? text, int maxLength, string what)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var trimmed = text.Trim().ReplaceLineEndings("\n");
        if (trimmed.Length > maxLength)
        {
            throw LearningException.Invalid($"The {what} has {trimmed.Length} characters; at most {maxLength} are allowed.");
        }

        foreach (var line in trimmed.Split('\n'))
        {
            if (ControlCharacters.Find(line, isName: true) is { } found)
            {
                throw LearningException.Invalid($"The {what} holds {found}; remove it.");
            }
        }

        return trimmed;
    }
}
