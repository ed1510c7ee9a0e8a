using MasteryPath.Data;
using MasteryPath.Domain.Courses;
using MasteryPath.Domain.Mastery;
using MasteryPath.Domain.Skills;
using MasteryPath.Web.Learning;

namespace MasteryPath.Web.Reports;

/// <summary>
/// Turns a class's answer-event log into xAPI statements: every answer ("answered"), every time a skill became
/// mastered by a passed check, a passed review, a placement, an assessment or an override ("mastered"), and the
/// moment the whole course was first mastered ("completed"). Mastery is found by replaying the log under the class's bar.
/// The same log gives the same statements with the same ids, in xAPI 1.0.3 or 2.0.0 (the shapes are the same; only
/// <c>version</c> differs, and every timestamp is UTC with a Z, as 2.0 requires).
/// </summary>
public static class XapiExport
{
    public const string Answered = "http://adlnet.gov/expapi/verbs/answered";
    public const string Mastered = "http://adlnet.gov/expapi/verbs/mastered";
    public const string Completed = "http://adlnet.gov/expapi/verbs/completed";

    public const string CourseType = "http://adlnet.gov/expapi/activities/course";
    public const string ObjectiveType = "http://adlnet.gov/expapi/activities/objective";
    public const string QuestionType = "http://adlnet.gov/expapi/activities/question";

    /// <summary>The activity type of an official standard (a CASE CFItem) a skill is aligned to.</summary>
    public const string StandardType = "http://id.tincanapi.com/activitytype/standard";

    public static IReadOnlyList<XapiStatement> Statements(ClassLog log, string baseUrl, XapiVersion version = XapiVersion.V1_0_3)
    {
        var course = log.Course;
        var courseId = $"{baseUrl}/courses/{Uri.EscapeDataString(course.Id)}";
        var courseActivity = new XapiActivity(courseId, new XapiDefinition(En(course.Title), null, CourseType));
        string SkillUri(string skill) => $"{courseId}/skills/{Uri.EscapeDataString(skill)}";
        XapiActivity SkillActivity(SkillId skill) => new(SkillUri(skill.Value), new XapiDefinition(En(course.SkillsById[skill].Title), En(course.SkillsById[skill].Objective), ObjectiveType));

        var statements = new List<XapiStatement>();
        foreach (var learner in log.Learners)
        {
            var actor = Actor(learner, baseUrl);
            var registration = Id($"registration:{log.Class.Id}:{course.Id}:{learner.Id}");
            XapiContext Context(Skill? skill, bool parentIsSkill, EvidenceKind kind)
            {
                var standards = skill?.Standard is { } standard ? new[] { StandardActivity(standard) } : null;
                return new XapiContext(
                    registration,
                    "MasteryPath",
                    "en-US",
                    new XapiContextActivities(parentIsSkill && skill is not null ? [SkillActivity(skill.Id)] : null, [courseActivity], standards),
                    new Dictionary<string, object> { [$"{baseUrl}/xapi/extensions/evidence-kind"] = kind.ToString(), [$"{baseUrl}/xapi/extensions/class"] = log.Class.Id });
            }

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
                    var item = record.VariantId is null ? $"{SkillUri(record.SkillId)}/items" : $"{SkillUri(record.SkillId)}/items/{Uri.EscapeDataString(record.VariantId)}";
                    var points = record.Correct ? 1 : 0;
                    statements.Add(new XapiStatement(
                        Id($"answered:{record.EventId}"),
                        actor,
                        Verb(Answered, "answered"),
                        new XapiActivity(item, new XapiDefinition(En($"A question on {course.SkillsById[skill].Title}"), null, QuestionType)),
                        new XapiResult(new XapiScore(points, points, 0, 1), record.Correct, null, string.IsNullOrEmpty(record.Response) ? null : record.Response, new Dictionary<string, object> { [$"{baseUrl}/xapi/extensions/used-hint"] = record.UsedHint }),
                        Context(course.SkillsById[skill], parentIsSkill: true, record.Kind),
                        at,
                        version.Header()));
                }

                var after = mastery.Status(skill);
                if (after.State == SkillState.Mastered && (before.State != SkillState.Mastered || before.MasteredAt != after.MasteredAt))
                {
                    statements.Add(new XapiStatement(
                        Id($"mastered:{record.EventId}:{record.SkillId}"),
                        actor,
                        Verb(Mastered, "mastered"),
                        SkillActivity(skill),
                        new XapiResult(null, true, null, null, new Dictionary<string, object> { [$"{baseUrl}/xapi/extensions/mastered-by"] = MasteredBy(record.Kind) }),
                        Context(course.SkillsById[skill], parentIsSkill: false, record.Kind),
                        at,
                        version.Header()));
                }

                if (!completed && mastery.Mastered.Count == course.Graph.Count)
                {
                    completed = true;
                    statements.Add(new XapiStatement(
                        Id($"completed:{learner.Id}:{course.Id}:{record.EventId}"),
                        actor,
                        Verb(Completed, "completed"),
                        courseActivity,
                        new XapiResult(null, true, true, null, null),
                        Context(null, parentIsSkill: false, record.Kind),
                        at,
                        version.Header()));
                }
            }
        }

        return statements.OrderBy(s => s.Timestamp, StringComparer.Ordinal).ThenBy(s => s.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>The official standard as an activity: its CASE URI (or a URN of its GUID), named by its code and statement.</summary>
    public static XapiActivity StandardActivity(SkillStandard standard) => new(
        standard.Uri ?? $"urn:uuid:{standard.Identifier}",
        new XapiDefinition(En(standard.Code), En(standard.Statement), StandardType));

    /// <summary>
    /// A learner with a real email is an mbox; one without (or with a placeholder such as a removed person's
    /// <c>…@removed.invalid</c>) is the account form, never an invented mailbox.
    /// </summary>
    public static XapiActor Actor(AppUser learner, string baseUrl) =>
        HasRealEmail(learner.Email)
            ? new XapiActor(learner.DisplayName, "mailto:" + learner.Email, null)
            : new XapiActor(learner.DisplayName, null, new XapiAccount(baseUrl, learner.Id));

    private static bool HasRealEmail(string? email) =>
        !string.IsNullOrWhiteSpace(email) && email.Contains('@', StringComparison.Ordinal) && !email.EndsWith(".invalid", StringComparison.OrdinalIgnoreCase);

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
