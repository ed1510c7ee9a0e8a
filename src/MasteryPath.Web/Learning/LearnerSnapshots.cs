using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MasteryPath.Domain.Mastery;
using MasteryPath.Web.LearnerModels;

namespace MasteryPath.Web.Learning;

/// <summary>
/// Identifies what a learner's persisted state was computed under. An enrollment whose
/// <see cref="Data.Enrollment.SnapshotKey"/> differs from <see cref="KeyFor"/> is stale: its learner is replayed from
/// the answer-event log (lazily on the next load, or by a background job for a whole class).
/// </summary>
public static class LearnerSnapshots
{
    /// <summary>Bump when the engine's persisted format or its rules change, so every snapshot is rebuilt once.</summary>
    public const int EngineFormat = 2;

    /// <summary>The key of the model version and policy in force, e.g. "e2.m12.p3fa9c0d1e2b47a65".</summary>
    public static string KeyFor(ModelInForce model, MasteryPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(policy);
        var policyHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(policy))))[..16];
        return $"e{EngineFormat}.m{model.VersionId ?? 0}.p{policyHash}";
    }
}
