using System.Globalization;
using MasteryPath.Data;
using MasteryPath.Web.PerformanceTasks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MasteryPath.Web.Tests;

/// <summary>
/// Every row of every table of the app's model (shadow properties included) and the uploads folder, as text: two
/// snapshots tell whether anything at all was written in between.
/// </summary>
internal sealed class DatabaseSnapshot
{
    private static readonly System.Reflection.MethodInfo SetMethod = typeof(DbContext).GetMethod(nameof(DbContext.Set), Type.EmptyTypes)!;

    private readonly SortedDictionary<string, IReadOnlyList<string>> _tables;

    private DatabaseSnapshot(SortedDictionary<string, IReadOnlyList<string>> tables) => _tables = tables;

    public static async Task<DatabaseSnapshot> TakeAsync(MasteryPathAppFactory app)
    {
        var tables = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MasteryPathDb>();
            foreach (var type in db.Model.GetEntityTypes().Where(t => !t.IsOwned() && t.GetTableName() is not null))
            {
                var set = (IQueryable<object>)SetMethod.MakeGenericMethod(type.ClrType).Invoke(db, null)!;
                var rows = new List<string>();
                foreach (var row in await set.ToListAsync())
                {
                    var values = db.Entry(row).CurrentValues;
                    rows.Add(string.Join(" | ", type.GetProperties().Select(p => $"{p.Name}={Format(values[p])}")));
                }

                rows.Sort(StringComparer.Ordinal);
                tables[type.GetTableName()!] = rows;
            }
        }

        var uploads = app.Services.GetRequiredService<UploadStore>().Folder;
        tables["(uploads folder)"] = Directory.Exists(uploads)
            ? [.. Directory.GetFiles(uploads).Select(f => $"{Path.GetFileName(f)} ({new FileInfo(f).Length} bytes)").Order(StringComparer.Ordinal)]
            : [];
        return new DatabaseSnapshot(tables);
    }

    /// <summary>Every row (as "table: row") that holds <paramref name="text"/>, in any column, case-insensitively.</summary>
    public IReadOnlyList<string> RowsContaining(string text) =>
        [.. _tables.SelectMany(t => t.Value.Where(r => r.Contains(text, StringComparison.OrdinalIgnoreCase)).Select(r => $"{t.Key}: {r}"))];

    /// <summary>The rows that appeared or disappeared between <paramref name="before"/> and <paramref name="after"/> (a changed row is both).</summary>
    public static IReadOnlyList<string> Changes(DatabaseSnapshot before, DatabaseSnapshot after)
    {
        var changes = new List<string>();
        foreach (var table in before._tables.Keys.Union(after._tables.Keys).Order(StringComparer.Ordinal))
        {
            var old = before._tables.GetValueOrDefault(table) ?? [];
            var now = after._tables.GetValueOrDefault(table) ?? [];
            changes.AddRange(old.Except(now).Select(r => $"{table}: - {r}"));
            changes.AddRange(now.Except(old).Select(r => $"{table}: + {r}"));
        }

        return changes;
    }

    private static string Format(object? value) => value switch
    {
        null => "null",
        byte[] bytes => Convert.ToHexString(bytes),
        DateTimeOffset at => at.ToString("O", CultureInfo.InvariantCulture),
        DateTime at => at.ToString("O", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
    };
}
