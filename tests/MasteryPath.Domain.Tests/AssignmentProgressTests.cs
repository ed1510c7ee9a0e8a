using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MasteryPath.Domain.Mastery;
using MasteryPath.Domain.Planning;
using MasteryPath.Domain.Skills;

namespace MasteryPath.Domain.Tests;

/// <summary>Where a learner stands on assigned work: done only when every skill is mastered now, overdue only after the due day.</summary>
public sealed class AssignmentProgressTests
{
    private static readonly DateOnly Due = new(2026, 12, 10);
    private static readonly SkillId A = SkillId.Parse("a");
    private static readonly SkillId B = SkillId.Parse("b");
    private static readonly DateTimeOffset Monday = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);

    private static SkillStatus Status(SkillId skill, SkillState state, DateTimeOffset? masteredAt = null) => new(skill, state, 0.5, 3, 0, masteredAt, 0);

    [Fact]
    public void Work_is_done_when_every_skill_is_mastered_and_done_at_the_last_mastery()
    {
        var statuses = new Dictionary<SkillId, SkillStatus> { [A] = Status(A, SkillState.Mastered, Monday), [B] = Status(B, SkillState.Mastered, Monday.AddDays(2)) };

        var progress = AssignmentProgress.Of([A, B], statuses.GetValueOrDefault, Due, Due.AddDays(5));

        Assert.Equal(new AssignmentProgress(2, 2, Monday.AddDays(2), AssignmentStanding.Done), progress);
    }

    [Theory]
    [InlineData(SkillState.NeedsReview)]
    [InlineData(SkillState.Placed)]
    [InlineData(SkillState.InProgress)]
    [InlineData(SkillState.NeedsHelp)]
    public void A_skill_that_is_not_mastered_now_keeps_the_work_open(SkillState state)
    {
        var statuses = new Dictionary<SkillId, SkillStatus> { [A] = Status(A, SkillState.Mastered, Monday), [B] = Status(B, state, state == SkillState.NeedsReview ? Monday : null) };

        Assert.Equal(new AssignmentProgress(1, 2, null, AssignmentStanding.Started), AssignmentProgress.Of([A, B], statuses.GetValueOrDefault, Due, Due));
        Assert.Equal(AssignmentStanding.Overdue, AssignmentProgress.Of([A, B], statuses.GetValueOrDefault, Due, Due.AddDays(1)).Standing);
    }

    [Fact]
    public void A_learner_without_a_state_for_the_course_has_not_started()
    {
        Assert.Equal(new AssignmentProgress(0, 2, null, AssignmentStanding.NotStarted), AssignmentProgress.Of([A, B], _ => null, null, Due.AddYears(1)));
    }

    [Property(MaxTest = 300)]
    public Property Standing_follows_from_the_mastered_count_and_the_day(bool[] mastered, int dueOffset, int todayOffset)
    {
        var skills = mastered.Select((_, i) => SkillId.Parse($"s{i}")).ToList();
        var statuses = skills.Zip(mastered, (s, m) => Status(s, m ? SkillState.Mastered : SkillState.InProgress, m ? Monday : null)).ToDictionary(s => s.Skill);
        var due = Due.AddDays(dueOffset % 30);
        var today = Due.AddDays(todayOffset % 30);

        var progress = AssignmentProgress.Of(skills, statuses.GetValueOrDefault, due, today);

        var expected = skills.Count > 0 && mastered.All(m => m) ? AssignmentStanding.Done
            : today > due ? AssignmentStanding.Overdue
            : mastered.Any(m => m) ? AssignmentStanding.Started
            : AssignmentStanding.NotStarted;
        return (progress.Mastered == mastered.Count(m => m) && progress.Total == skills.Count && progress.Standing == expected && (progress.DoneAt is not null) == progress.IsDone).ToProperty();
    }
}
