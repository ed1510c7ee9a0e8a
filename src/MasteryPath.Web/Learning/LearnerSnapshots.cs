using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MasteryPath.Domain.Courses;
using MasteryPath.Domain.Mastery;
using MasteryPath.Web.LearnerModels;

namespace MasteryPath.Web.Learning;

/// <summary>
/// Identifies what a learner's persisted state was computed under. An enrollment whose
/// <see cref="Data.Enrollment.SnapshotKey"/> differs from <see cref="KeyFor"/> is stale: its learner is replayed from
/// the answer-event log (lazily on the next load, or by a background job for a whole class). The key covers the
/// course's skill graph, so a republished course with other skills or prerequisites (docs/adr/0032) never reuses
/// state computed from the old graph.
/// </summary>
public static class LearnerSnapshots
{
    /// <summary>Bump when the engine's persisted format or its rules change, so every snapshot is rebuilt once.</summary>
    public const int EngineFormat = 2;

    private static readonly ConditionalWeakTable<Course, string> GraphHashes = [];

    /// <summary>The key of the course graph, model version and policy in force, e.g. "e2.m12.p3fa9c0d1e2b47a65.g0a1b2c3d4e5f6a7b".</summary>
    public static string KeyFor(Course course, ModelInForce model, MasteryPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(course);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(policy);
        var policyHash = Hash(JsonSerializer.Serialize(policy));
        var graphHash = GraphHashes.GetValue(course, c => Hash(string.Join('\n', c.Skills.Select(s => $"{s.Id}:{string.Join(',', c.Graph.PrerequisitesOf(s.Id))}"))));
        return $"e{EngineFormat}.m{model.VersionId ?? 0}.p{policyHash}.g{graphHash}";
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
}
