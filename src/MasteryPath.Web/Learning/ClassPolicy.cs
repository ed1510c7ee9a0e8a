using MasteryPath.Data;
using MasteryPath.Domain.Courses;
using MasteryPath.Domain.Mastery;
using MasteryPath.Web.Teaching;

namespace MasteryPath.Web.Learning;

/// <summary>The mastery bar in force for a learner: the course's, with the class's overrides.</summary>
public static class ClassPolicy
{
    public static MasteryPolicy For(SchoolClass? schoolClass, Course course)
    {
        var policy = MasteryPolicy.From(course.Mastery);
        if (schoolClass is null)
        {
            return policy;
        }

        // One right answer after a run of wrong ones must stay below the class's highest band, whatever the teacher set it to.
        var bands = ClassBands.Parse(schoolClass.BandsJson);
        var ceiling = bands.Count > 1 ? Math.Max(0.05, Math.Min(policy.RecoveryCeiling, bands[^1].Min - 0.05)) : policy.RecoveryCeiling;
        return policy with
        {
            Probability = schoolClass.MasteryProbability ?? policy.Probability,
            CheckPassRatio = schoolClass.CheckPassRatio ?? policy.CheckPassRatio,
            StuckAfterWrongInARow = schoolClass.StuckAfterWrongInARow ?? policy.StuckAfterWrongInARow,
            RecoveryCeiling = ceiling,
        };
    }

    /// <summary>Learners stuck on one skill that form a re-teach group in the class.</summary>
    public static int ReteachMinLearners(SchoolClass schoolClass) => schoolClass.ReteachMinLearners ?? ClassSettings.DefaultReteachMinLearners;
}
