using MasteryPath.Content.Checking;

namespace MasteryPath.Web.CourseMedia;

/// <summary>The media of the published version of a course that learners are served, when one overrides the courses folder.</summary>
public interface IPublishedMedia
{
    /// <summary>The media of the latest published version of <paramref name="courseId"/>, or null when none is served.</summary>
    CourseMediaFolder? MediaOf(string courseId);
}
