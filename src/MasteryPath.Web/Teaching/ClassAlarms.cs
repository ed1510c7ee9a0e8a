using MasteryPath.Data;
using MasteryPath.Domain.Courses;
using MasteryPath.Domain.Mastery;
using MasteryPath.Domain.Skills;

namespace MasteryPath.Web.Teaching;

/// <summary>A learner who needs help on a skill now, with the reason in plain words.</summary>
public sealed record HelpAlert(LearnerRow Learner, SkillStatus Status, string Reason);

/// <summary>A wrong answer (an authored misconception or wrong choice) that several learners of a group gave.</summary>
/// <param name="Feedback">What the misconception's feedback says, shortened.</param>
/// <param name="LearnerIds">Who gave it.</param>
public sealed record SharedMisconception(string Feedback, IReadOnlyList<string> LearnerIds);

/// <summary>A skill several learners are stuck on: the group to re-teach, what they share, who mastered it and who could tutor them.</summary>
public sealed record ReteachGroup(SkillId Skill, IReadOnlyList<LearnerRow> Stuck, IReadOnlyList<LearnerRow> Tutors, LearnerRow? ProposedTutor, SharedMisconception? Misconception);

/// <summary>The dashboard's alarms, from the learners' replayed states and their recent wrong answers.</summary>
public static class ClassAlarms
{
    /// <summary>Wrong answers per learner and skill looked at for a shared misconception.</summary>
    public const int RecentWrongAnswers = 10;

    /// <summary>Stuck (wrong answers in a row, failed checks, no progress), or mastery falling or lost.</summary>
    public static bool IsStuck(SkillStatus status) => status.State == SkillState.NeedsHelp || (status.State == SkillState.NeedsReview && status.Lapsed);

    public static IReadOnlyList<HelpAlert> NeedsHelp(IReadOnlyList<LearnerRow> rows, MasteryPolicy policy, DateTimeOffset now) =>
        rows.SelectMany(r => r.Skills.Values.Where(IsStuck).Select(s => new HelpAlert(r, s, MasteryExplainer.Explain(s, policy, now).Why)))
            .OrderByDescending(a => a.Status.WrongInARow)
            .ThenBy(a => a.Learner.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();

    /// <summary>
    /// A group per skill on which at least <paramref name="minLearners"/> learners are stuck, largest first, with the
    /// misconception most of them share (from <paramref name="wrongAnswers"/>: their recent wrong attempts on the skill)
    /// and a proposed tutor: a classmate whose mastery of the skill was proven by a check (or otherwise earned) longest ago.
    /// </summary>
    public static IReadOnlyList<ReteachGroup> Reteach(Course course, IReadOnlyList<LearnerRow> rows, int minLearners, IReadOnlyList<Attempt> wrongAnswers)
    {
        var wrongBy = wrongAnswers.ToLookup(a => (a.UserId, a.SkillId));
        return course.Graph.TopologicalOrder
            .Select(skill => (Skill: skill, Stuck: rows.Where(r => IsStuck(r.Skills[skill])).ToList()))
            .Where(s => s.Stuck.Count >= minLearners)
            .Select(s =>
            {
                // Tutors and the shared misconception only for the skills that make a group (a class of 1,000 × 200).
                var (skill, stuck) = s;
                var tutors = rows.Where(r => r.Skills[skill].State == SkillState.Mastered)
                    .OrderBy(r => r.Skills[skill].MasteredBy == MasterySource.Check ? 0 : 1)
                    .ThenBy(r => r.Skills[skill].MasteredAt)
                    .ThenBy(r => r.Name, StringComparer.OrdinalIgnoreCase)
                    .ToList();
                return new ReteachGroup(skill, stuck, tutors, tutors.FirstOrDefault(), Shared(stuck, skill, wrongBy));
            })
            .OrderByDescending(g => g.Stuck.Count)
            .ToList();
    }

    private static SharedMisconception? Shared(IReadOnlyList<LearnerRow> stuck, SkillId skill, ILookup<(string UserId, string SkillId), Attempt> wrongBy)
    {
        var best = stuck
            .SelectMany(r => wrongBy[(r.LearnerId, skill.Value)]
                .Where(a => a.Misconception is not null && a.Feedback is not null)
                .OrderByDescending(a => a.AnsweredAt)
                .Take(RecentWrongAnswers)
                .Select(a => (Key: (a.DefinitionId, a.Misconception!), Learner: r.LearnerId, a.Feedback, a.AnsweredAt)))
            .GroupBy(x => x.Key)
            .Select(g => (Learners: g.Select(x => x.Learner).Distinct(StringComparer.Ordinal).ToList(), Feedback: g.OrderByDescending(x => x.AnsweredAt).First().Feedback!))
            .Where(g => g.Learners.Count >= 2)
            .OrderByDescending(g => g.Learners.Count)
            .FirstOrDefault();
        return best.Learners is null ? null : new SharedMisconception(Shorten(best.Feedback), best.Learners);
    }

    /// <summary>The first sentence of a feedback message, at most 120 characters.</summary>
    public static string Shorten(string feedback)
    {
        var text = feedback.ReplaceLineEndings(" ").Trim();
        var end = text.IndexOf(". ", StringComparison.Ordinal);
        if (end > 0)
        {
            text = text[..(end + 1)];
        }

        return text.Length <= 120 ? text : text[..119].TrimEnd() + "…";
    }
}
