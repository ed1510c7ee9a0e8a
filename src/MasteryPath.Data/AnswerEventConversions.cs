using MasteryPath.Domain.Mastery;
using MasteryPath.Domain.Skills;

namespace MasteryPath.Data;

public static class AnswerEventConversions
{
    /// <summary>The log row as the domain's answer event, which learner state is replayed from.</summary>
    public static AnswerEvent ToDomain(this AnswerEventRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new(
            record.EventId,
            SkillId.Parse(record.SkillId),
            record.Correct,
            record.UsedHint,
            record.Kind,
            record.At,
            record.CheckId,
            string.IsNullOrEmpty(record.AlsoSkills) ? null : record.AlsoSkills.Split(',').Select(SkillId.Parse).ToList());
    }
}
