using System.ComponentModel.DataAnnotations;
using MasteryPath.Data;

namespace MasteryPath.Web;

/// <summary>The "MasteryPath" configuration section.</summary>
public sealed class MasteryPathOptions
{
    public const string Section = "MasteryPath";

    /// <summary>"sqlite" (the embedded default) or "postgres".</summary>
    [Required]
    public string DatabaseProvider { get; set; } = "sqlite";

    /// <summary>Where the SQLite file lives when no connection string is set; relative to the content root.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    /// <summary>The folder of course folders; empty means the repository's <c>courses</c> folder, found upward from the app.</summary>
    public string CoursesPath { get; set; } = string.Empty;

    /// <summary>Create the demo teacher, class and learners on an empty database.</summary>
    public bool SeedDemoData { get; set; } = true;

    /// <summary>Apply migrations at start. Default: yes on SQLite, no on PostgreSQL (run <c>masterypath migrate</c>).</summary>
    public bool? MigrateOnStart { get; set; }

    /// <summary>
    /// How often (seconds) a web node asks the database which learner model is in force for a course; several nodes on
    /// one database switch within this time, and a snapshot rebuild waits for it before it starts.
    /// </summary>
    [Range(0, 3600)]
    public double ModelRefreshSeconds { get; set; } = 10;

    /// <summary>How often (seconds) the background worker looks for queued jobs (it also wakes when this node queues one).</summary>
    [Range(0.05, 3600)]
    public double JobPollSeconds { get; set; } = 2;

    /// <summary>How often (seconds) the LRS forwarder derives new xAPI statements and sends what is due (it also wakes on "send now").</summary>
    [Range(0.05, 3600)]
    public double LrsPollSeconds { get; set; } = 30;

    /// <summary>On SQLite, write the answer path's changes through one writer in batched transactions (docs/adr/0016).</summary>
    public bool GroupCommit { get; set; } = true;

    /// <summary>How often (seconds) a live dashboard stream sends a heartbeat comment and re-reads its class's roster.</summary>
    [Range(0.1, 3600)]
    public double LiveHeartbeatSeconds { get; set; } = 15;

    /// <summary>The least time (seconds) between two change events of one dashboard stream: changes in between coalesce.</summary>
    [Range(0, 60)]
    public double LiveCoalesceSeconds { get; set; } = 1;

    public DatabaseProvider Provider => Data.DatabaseSetup.ParseProvider(DatabaseProvider);

    public bool ShouldMigrateOnStart => MigrateOnStart ?? Provider == Data.DatabaseProvider.Sqlite;
}
