using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace MasteryPath.Data;

/// <summary>An enrollment's cached learner-state JSON (<see cref="Enrollment.StateJson"/>) as the UTF-8 the database stores.</summary>
public sealed class EnrollmentSnapshotUtf8
{
    public string UserId { get; set; } = string.Empty;

    public string CourseId { get; set; } = string.Empty;

    public string? SnapshotKey { get; set; }

    public byte[] StateJson { get; set; } = [];
}

public static class SnapshotQueries
{
    /// <summary>
    /// Every enrollment's snapshot JSON as UTF-8 bytes, to filter further in LINQ. A dashboard of 1,000 learners reads
    /// 11 MB of it: through <see cref="Enrollment.StateJson"/> each row was decoded into a string (twice the bytes) only
    /// to be encoded back into UTF-8 for the JSON reader. Both providers hand a text column over as bytes when asked
    /// for <c>byte[]</c>; table and column names come from the model.
    /// </summary>
    public static IQueryable<EnrollmentSnapshotUtf8> EnrollmentSnapshotsUtf8(this MasteryPathDb db)
    {
        ArgumentNullException.ThrowIfNull(db);
        var entity = db.Model.FindEntityType(typeof(Enrollment))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        string Column(string property) =>
            $"{sql.DelimitIdentifier(entity.FindProperty(property)!.GetColumnName(table)!)} AS {sql.DelimitIdentifier(property)}";

        // Only the model's own names, delimited by the provider, go into the text; the filters are parameters of the LINQ on top.
        var select = $"SELECT {Column(nameof(Enrollment.UserId))}, {Column(nameof(Enrollment.CourseId))}, {Column(nameof(Enrollment.SnapshotKey))}, "
            + $"{Column(nameof(Enrollment.StateJson))} FROM {sql.DelimitIdentifier(table.Name, table.Schema)}";
        return db.Database.SqlQueryRaw<EnrollmentSnapshotUtf8>(select);
    }
}
