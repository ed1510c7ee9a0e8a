using System.Globalization;
using MasteryPath.Data;
using MasteryPath.Domain.Mastery;
using MasteryPath.Web.Learning;

namespace MasteryPath.Web.Families;

/// <summary>An assigned skill not yet mastered, with its due day when the teacher gave one.</summary>
public sealed record DueWork(string SkillTitle, string AssignmentTitle, DateOnly? DueOn);

/// <summary>One course of a child's week, in the words a parent reads.</summary>
public sealed record CourseWeek(
    string CourseId,
    string CourseTitle,
    IReadOnlyList<string> MasteredThisWeek,
    IReadOnlyList<DueWork> Due,
    IReadOnlyList<string> ReadyToReview,
    IReadOnlyList<string> WorkingOn,
    IReadOnlyList<string> NeedsHelp,
    int Mastered,
    int Total);

/// <summary>A child's week: from <see cref="From"/> (a Monday) to <see cref="To"/>, course by course.</summary>
public sealed record ChildWeek(string ChildId, string Name, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<CourseWeek> Courses)
{
    public IReadOnlyList<string> MasteredThisWeek => Courses.SelectMany(c => c.MasteredThisWeek).ToList();

    /// <summary>The name a parent calls the child by: the first word of the display name.</summary>
    public string FirstName => Name.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? Name;
}

/// <summary>
/// Reads a child's progress for their parent, from the same learner state the child's own pages show: skills newly
/// mastered in the week (a passed check or an accepted project; placement credit is not news), assigned work still
/// open with its due day, skills due for a spaced review, and what is being practised now.
/// </summary>
public sealed class ChildWeekReader(LearningService learning)
{
    public async Task<ChildWeek> ReadAsync(AppUser child, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        var courses = new List<CourseWeek>();
        foreach (var enrollment in await learning.EnrollmentsAsync(child.Id, cancellationToken))
        {
            var state = await learning.LoadAsync(child.Id, enrollment.CourseId, cancellationToken);
            string Title(Domain.Skills.SkillId skill) => state.Course.SkillsById[skill].Title;
            var statuses = state.Statuses;

            // A mastered skill whose spaced review is due is still mastered (it is listed under "Ready to review"); one
            // whose review was failed has lapsed and is being worked on again.
            static bool Holds(SkillStatus s) => s.State == SkillState.Mastered || (s.State == SkillState.NeedsReview && !s.Lapsed);
            var mastered = statuses
                .Where(s => Holds(s) && s.MasteredBy is MasterySource.Check or MasterySource.Project && s.MasteredAt >= from && s.MasteredAt < to)
                .OrderBy(s => s.MasteredAt).Select(s => Title(s.Skill)).ToList();
            var due = (await learning.OpenAssignmentsAsync(state, cancellationToken))
                .Select(a => new DueWork(state.Course.SkillsById[Domain.Skills.SkillId.Parse(a.SkillId)].Title, a.AssignmentTitle, a.DueOn)).ToList();
            var reviews = state.DueReviews.Keys.Select(Title).Order(StringComparer.CurrentCulture).ToList();
            var working = statuses.Where(s => s.State == SkillState.InProgress || (s.State == SkillState.NeedsReview && s.Lapsed)).Select(s => Title(s.Skill)).ToList();
            var help = statuses.Where(s => s.State == SkillState.NeedsHelp).Select(s => Title(s.Skill)).ToList();
            courses.Add(new CourseWeek(
                state.Course.Id,
                state.Course.Title,
                mastered,
                due,
                reviews,
                working,
                help,
                statuses.Count(Holds),
                statuses.Count));
        }

        return new ChildWeek(child.Id, child.DisplayName, from, to, courses.OrderBy(c => c.CourseTitle, StringComparer.CurrentCulture).ToList());
    }
}

/// <summary>The sentences of the parent's page and of the weekly digest.</summary>
public static class FamilyWording
{
    // The app runs with invariant globalization, whose day and month names are English.
    private static readonly CultureInfo English = CultureInfo.InvariantCulture;

    public static string Mastered(string name, IReadOnlyList<string> skills, bool thisWeek = true)
    {
        var when = thisWeek ? "This week" : "That week";
        return skills.Count switch
        {
            0 => $"{when} {name} has not mastered a new skill yet.",
            1 => $"{when} {name} mastered 1 skill: {skills[0]}.",
            _ => $"{when} {name} mastered {skills.Count} skills: {List(skills)}.",
        };
    }

    public static string Due(DueWork work)
    {
        var part = work.AssignmentTitle == work.SkillTitle ? string.Empty : $" ({work.AssignmentTitle})";
        return work.DueOn is { } day ? $"{work.SkillTitle}{part} by {Day(day)}" : $"{work.SkillTitle}{part}, no due date";
    }

    public static string Day(DateOnly day) => day.ToString("dddd d MMM", English);

    public static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("dddd d MMM", English);

    /// <summary>"a", "a and b", "a, b and c".</summary>
    public static string List(IReadOnlyList<string> items) => items.Count switch
    {
        0 => string.Empty,
        1 => items[0],
        _ => $"{string.Join(", ", items.Take(items.Count - 1))} and {items[^1]}",
    };
}
