namespace MasteryPath.LoadDriver;

// The few fields of the app's JSON API the driver reads (see /openapi/v1.json); the driver is a client like any other
// and does not reference the web project, so it also measures builds of the app other than its own.

internal sealed record ClassCreated(long Id, string JoinCode);

internal sealed record RosterChange(string Email, string Status);

internal sealed record RosterResult(IReadOnlyList<RosterChange> Learners);

internal sealed record SkillState(string Id, string State);

internal sealed record CourseMap(string CourseId, IReadOnlyList<SkillState> Skills);

internal sealed record Choice(string Key);

internal sealed record Verdict(bool Correct);

internal sealed record AttemptShown(string AttemptId, string SkillId, string Kind, IReadOnlyList<Choice> Choices, Verdict? Verdict);

internal sealed record AnswerReply(AttemptShown Attempt, string? Unreadable, bool Duplicate);
