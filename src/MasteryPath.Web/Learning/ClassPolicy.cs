using MasteryPath.Data;
using MasteryPath.Domain.Courses;
using MasteryPath.Domain.Mastery;

namespace MasteryPath.Web.Learning;

/// <summary>The mastery bar in force for a learner: the course's, with the class's overrides.</summary>
public static class ClassPolicy
{
    public static MasteryPolicy For(SchoolClass? schoolClass, Course course)
    {
        var policy = MasteryPolicy.From(course.Mastery);
        return schoolClass is null
            ? policy
            : policy with
            {
                Probability = schoolClass.MasteryProbability ?? policy.Probability,
                CheckPassRatio = schoolClass.CheckPassRatio ?? policy.CheckPassRatio,
            };
    }
}
