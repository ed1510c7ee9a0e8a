using MasteryPath.Web.LearnerModels;
using MasteryPath.Web.Learning;
using Microsoft.Extensions.DependencyInjection;

namespace MasteryPath.Web.Tests;

/// <summary>Checks that the event log, the attempts and the cached learner state agree.</summary>
internal static class Consistency
{
    public static async Task AssertLogMatchesSnapshotAsync(MasteryPathAppFactory app, string email, string courseId)
    {
        var enrollment = await app.EnrollmentAsync(email, courseId);
        var events = await app.EventsAsync(email, courseId);

        Assert.Equal(events.Count, events.Select(e => e.EventId).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(events.Count, enrollment.EventCount);
        var course = app.Services.GetRequiredService<CourseCatalog>().Get(courseId);
        await using var scope = app.Services.CreateAsyncScope();
        var schoolClass = await scope.ServiceProvider.GetRequiredService<LearningService>().ClassOfAsync(enrollment.UserId, courseId);
        var inForce = await app.Services.GetRequiredService<LearnerModelRegistry>().GetAsync(courseId);
        var policy = ClassPolicy.For(schoolClass, course);
        var replayed = LearnerState.Replay(course, inForce.Model, events, policy);
        Assert.Equal(events.Count, replayed.EventCount);
        Assert.Equal(LearnerState.Snapshot(replayed.Statuses(app.Time.GetUtcNow()), replayed), enrollment.StateJson);

        // The saved engine state is the replay's, up to the last event, under the model and policy in force.
        Assert.Equal(LearnerSnapshots.KeyFor(course, inForce, policy), enrollment.SnapshotKey);
        Assert.Equal(events.MaxBy(e => e.Sequence)?.EventId, enrollment.EngineEventId);
        Assert.True(enrollment.EngineSequence <= (events.Count == 0 ? 0 : events.Max(e => e.Sequence)));
        Assert.NotNull(enrollment.EngineState);
        Assert.Equal(replayed.SaveState(), enrollment.EngineState);
    }
}
