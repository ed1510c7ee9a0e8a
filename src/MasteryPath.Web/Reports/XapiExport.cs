using System.Text.Json.Serialization;
using MasteryPath.Data;
using MasteryPath.Data.Privacy;
using MasteryPath.Domain.Mastery;
using MasteryPath.Domain.Skills;
using MasteryPath.Web.Learning;

namespace MasteryPath.Web.Reports;

public sealed record XapiAccount(string HomePage, string Name);

/// <summary>An xAPI Agent: identified by <c>mbox</c> (mailto:) when the learner has an email, otherwise by an account.</summary>
public sealed record XapiActor(
    string Name,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Mbox,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] XapiAccount? Account)
{
    public string ObjectType => "Agent";
}

public sealed record XapiVerb(string Id, IReadOnlyDictionary<string, string> Display);

public sealed record XapiDefinition(IReadOnlyDictionary<string, string> Name, string Type);

public sealed record XapiActivity(string Id, XapiDefinition Definition)
{
    public string ObjectType => "Activity";
}

public sealed record XapiResult(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Success,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Completion,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Response,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, object>? Extensions);

public sealed record XapiActivityRef(string Id);

public sealed record XapiContextActivities(IReadOnlyList<XapiActivityRef>? Parent, IReadOnlyList<XapiActivityRef> Grouping);

public sealed record XapiContext(string Platform, XapiContextActivities ContextActivities, IReadOnlyDictionary<string, object> Extensions);

/// <summary>One xAPI 1.0.3 statement; <see cref="Id"/> is derived from the event it reports, so exporting again gives the same ids.</summary>
public sealed record XapiStatement(string Id, XapiActor Actor, XapiVerb Verb, XapiActivity Object, XapiResult Result, XapiContext Context, string Timestamp)
{
    public string Version => "1.0.3";
}

/// <summary>
/// Turns a class's answer-event log into xAPI statements: every answer ("answered"), every time a skill became
/// mastered by a passed check, a passed review, a placement, an assessment or an override ("mastered"), and the
/// moment the whole course was first mastered ("completed"). Mastery is found by replaying the log under the class's bar.
/// </summary>
public static class XapiExport
{
    public const string Answered = "http://adlnet.gov/expapi/verbs/answered";
    public const string Mastered = "http://adlnet.gov/expapi/verbs/mastered";
    public const string Completed = "http://adlnet.gov/expapi/verbs/completed";

    public static IReadOnlyList<XapiStatement> Statements(ClassLog log, string baseUrl)
    {
        var course = log.Course;
        var courseId = $"{baseUrl}/courses/{Uri.EscapeDataString(course.Id)}";
        var courseActivity = new XapiActivity(courseId, new XapiDefinition(En(course.Title), "http://adlnet.gov/expapi/activities/course"));
        string SkillUri(string skill) => $"{courseId}/skills/{Uri.EscapeDataString(skill)}";
        XapiActivity SkillActivity(SkillId skill) => new(SkillUri(skill.Value), new XapiDefinition(En(course.SkillsById[skill].Title), "http://adlnet.gov/expapi/activities/objective"));
        XapiContext Context(string? parent, EvidenceKind kind) => new(
            "MasteryPath",
            new XapiContextActivities(parent is null ? null : [new XapiActivityRef(parent)], [new XapiActivityRef(courseId)]),
            new Dictionary<string, object> { [$"{baseUrl}/xapi/extensions/evidence-kind"] = kind.ToString(), [$"{baseUrl}/xapi/extensions/class"] = log.Class.Id });

        var statements = new List<XapiStatement>();
        foreach (var learner in log.Learners)
        {
            var actor = Actor(learner, baseUrl);
            var mastery = new LearnerMastery(course.Graph, log.Model, log.Policy);
            var completed = false;
            foreach (var record in log.Events[learner.Id])
            {
                if (!SkillId.IsValid(record.SkillId) || !course.Graph.Contains(SkillId.Parse(record.SkillId)))
                {
                    // Evidence on a skill the course no longer has cannot be replayed.
                    continue;
                }

                var skill = SkillId.Parse(record.SkillId);
                var before = mastery.Status(skill);
                if (!mastery.Apply(LearnerState.ToDomain(record)))
                {
                    continue;
                }

                var at = ReportService.Timestamp(record.At);
                if (ReportService.IsAnswer(record.Kind))
                {
                    var item = record.VariantId is null ? SkillUri(record.SkillId) : $"{SkillUri(record.SkillId)}/items/{Uri.EscapeDataString(record.VariantId)}";
                    statements.Add(new XapiStatement(
                        Id($"answered:{record.EventId}"),
                        actor,
                        Verb(Answered, "answered"),
                        new XapiActivity(item, new XapiDefinition(En(course.SkillsById[skill].Title), "http://adlnet.gov/expapi/activities/cmi.interaction")),
                        new XapiResult(record.Correct, null, AnswerTextRetention.IsRemoved(record.Response) ? null : record.Response, new Dictionary<string, object> { [$"{baseUrl}/xapi/extensions/used-hint"] = record.UsedHint }),
                        Context(SkillUri(record.SkillId), record.Kind),
                        at));
                }

                var after = mastery.Status(skill);
                if (after.State == SkillState.Mastered && (before.State != SkillState.Mastered || before.MasteredAt != after.MasteredAt))
                {
                    statements.Add(new XapiStatement(
                        Id($"mastered:{record.EventId}:{record.SkillId}"),
                        actor,
                        Verb(Mastered, "mastered"),
                        SkillActivity(skill),
                        new XapiResult(true, null, null, new Dictionary<string, object> { [$"{baseUrl}/xapi/extensions/mastered-by"] = MasteredBy(record.Kind) }),
                        Context(null, record.Kind),
                        at));
                }

                if (!completed && mastery.Mastered.Count == course.Graph.Count)
                {
                    completed = true;
                    statements.Add(new XapiStatement(
                        Id($"completed:{learner.Id}:{course.Id}:{record.EventId}"),
                        actor,
                        Verb(Completed, "completed"),
                        courseActivity,
                        new XapiResult(true, true, null, null),
                        Context(null, record.Kind),
                        at));
                }
            }
        }

        return statements.OrderBy(s => s.Timestamp, StringComparer.Ordinal).ToList();
    }

    private static XapiActor Actor(AppUser learner, string baseUrl) =>
        string.IsNullOrEmpty(learner.Email)
            ? new XapiActor(learner.DisplayName, null, new XapiAccount(baseUrl, learner.Id))
            : new XapiActor(learner.DisplayName, "mailto:" + learner.Email, null);

    private static string MasteredBy(EvidenceKind kind) => kind switch
    {
        EvidenceKind.MasteryCheck => "check",
        EvidenceKind.Review => "review",
        EvidenceKind.PlacedKnown => "placement",
        EvidenceKind.Assessed => "assessment",
        EvidenceKind.Override => "override",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private static string Id(string name) => NameBasedGuid.Create(NameBasedGuid.StatementNamespace, name).ToString();

    private static XapiVerb Verb(string id, string display) => new(id, En(display));

    private static Dictionary<string, string> En(string text) => new() { ["en-US"] = text };
}
