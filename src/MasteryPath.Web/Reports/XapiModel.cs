using System.Text.Json.Serialization;

namespace MasteryPath.Web.Reports;

/// <summary>The xAPI versions MasteryPath writes: 1.0.3 (ADL) and 2.0.0 (IEEE 9274.1.1).</summary>
public enum XapiVersion
{
    V1_0_3,
    V2_0_0,
}

public static class XapiVersions
{
    /// <summary>The version as the <c>version</c> property and the <c>X-Experience-API-Version</c> header write it.</summary>
    public static string Header(this XapiVersion version) => version == XapiVersion.V2_0_0 ? "2.0.0" : "1.0.3";

    /// <summary>Reads "1.0.3" or "2.0.0" (also "2.0"); anything else is null.</summary>
    public static XapiVersion? Parse(string? text) => text?.Trim() switch
    {
        "1.0.3" or "1.0" => XapiVersion.V1_0_3,
        "2.0.0" or "2.0" => XapiVersion.V2_0_0,
        _ => null,
    };
}

// Every optional property is left out when it has no value: xAPI validators refuse null where an object or array is expected.
public sealed record XapiAccount(string HomePage, string Name);

/// <summary>An xAPI Agent: identified by <c>mbox</c> (mailto:) when the learner has a real email, otherwise by an account.</summary>
public sealed record XapiActor(
    string Name,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Mbox,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] XapiAccount? Account)
{
    [JsonPropertyOrder(-1)]
    public string ObjectType => "Agent";
}

public sealed record XapiVerb(string Id, IReadOnlyDictionary<string, string> Display);

public sealed record XapiDefinition(
    IReadOnlyDictionary<string, string> Name,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string>? Description,
    string Type);

public sealed record XapiActivity(string Id, XapiDefinition Definition)
{
    [JsonPropertyOrder(-1)]
    public string ObjectType => "Activity";
}

/// <summary>A score; <see cref="Scaled"/> lies in [-1, 1] and <see cref="Raw"/> between <see cref="Min"/> and <see cref="Max"/>.</summary>
public sealed record XapiScore(double Scaled, double Raw, double Min, double Max);

public sealed record XapiResult(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] XapiScore? Score,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Success,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Completion,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Response,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, object>? Extensions);

public sealed record XapiContextActivities(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<XapiActivity>? Parent,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<XapiActivity>? Grouping,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<XapiActivity>? Category);

/// <summary>
/// A statement's context. <c>Registration</c> is a UUID per learner × class × course: the enrollment every statement
/// of it belongs to. The skill is the parent of an answer; the course groups everything; a CASE standard is a category.
/// </summary>
public sealed record XapiContext(
    string Registration,
    string Platform,
    string Language,
    XapiContextActivities ContextActivities,
    IReadOnlyDictionary<string, object> Extensions);

/// <summary>One xAPI statement; <see cref="Id"/> is derived from the event it reports, so exporting again gives the same ids.</summary>
public sealed record XapiStatement(string Id, XapiActor Actor, XapiVerb Verb, XapiActivity Object, XapiResult Result, XapiContext Context, string Timestamp, string Version);
