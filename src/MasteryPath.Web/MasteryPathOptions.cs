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

    public DatabaseProvider Provider => Data.DatabaseSetup.ParseProvider(DatabaseProvider);

    public bool ShouldMigrateOnStart => MigrateOnStart ?? Provider == Data.DatabaseProvider.Sqlite;
}
