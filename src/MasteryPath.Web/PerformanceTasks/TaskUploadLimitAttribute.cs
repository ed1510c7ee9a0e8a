using MasteryPath.Web.Hardening;
using MasteryPath.Web.Learning;

namespace MasteryPath.Web.PerformanceTasks;

/// <summary>
/// A hand-in body may be as large as its task's file limit plus room for the text and the form: a larger body is
/// refused with 413 before it is read. The route names the course and the task.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class TaskUploadLimitAttribute : Attribute, IRequestBodyLimitByRequest
{
    private const long Room = 1024 * 1024;

    /// <summary>The course checker's largest file limit, for a route that names no known task.</summary>
    private const long Largest = (100 * 1024 * 1024) + Room;

    public long LimitFor(HttpContext context)
    {
        var task = context.GetRouteValue("taskId") as string;
        var found = context.GetRouteValue("courseId") is string course ? context.RequestServices.GetRequiredService<CourseCatalog>().Find(course)?.Tasks.FirstOrDefault(t => t.Id == task) : null;
        return found is null ? Largest : ((long)found.Submission.MaxFileMegabytes * 1024 * 1024) + Room;
    }
}
