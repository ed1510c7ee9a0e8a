using MasteryPath.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace MasteryPath.Web.Tests;

/// <summary>
/// The SQLite writer's prepared statements (<see cref="SqliteStatementCache"/>), on a real database file through EF: each
/// text is prepared once and runs again with the parameters of each call; a statement that failed reports its error and
/// spoils no later call; a text whose last reader is still open runs on EF's own command, and past the capacity only
/// idle statements are dropped; connections not registered are left alone.
/// </summary>
public sealed class SqliteStatementCacheTests : IAsyncLifetime
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"masterypath-statements-{Guid.NewGuid():N}.db");
    private MasteryPathDb _db = null!;
    private SqliteConnection _connection = null!;

    public async Task InitializeAsync()
    {
        _db = DatabaseSetup.Create(DatabaseProvider.Sqlite, $"Data Source={_file};Pooling=False");
        await _db.Database.OpenConnectionAsync();
        await _db.Database.ExecuteSqlRawAsync("CREATE TABLE Pairs (Key INTEGER PRIMARY KEY, Label TEXT NOT NULL UNIQUE)");
        _connection = (SqliteConnection)_db.Database.GetDbConnection();
        SqliteStatementCache.Keep(_connection);
    }

    public async Task DisposeAsync()
    {
        SqliteStatementCache.Forget(_connection);
        await _db.DisposeAsync();
        File.Delete(_file);
    }

    [Fact]
    public async Task A_text_is_prepared_once_and_each_call_gets_its_own_parameters()
    {
        for (var key = 1; key <= 5; key++)
        {
            Assert.Equal(1, await _db.Database.ExecuteSqlAsync($"INSERT INTO Pairs (Key, Label) VALUES ({key}, {"label " + key})"));
        }

        for (var key = 5; key >= 1; key--)
        {
            Assert.Equal(["label " + key], await _db.Database.SqlQuery<string>($"SELECT Label AS Value FROM Pairs WHERE Key = {key}").ToListAsync());
        }

        Assert.Empty(await _db.Database.SqlQuery<string>($"SELECT Label AS Value FROM Pairs WHERE Key = {42}").ToListAsync());
        var (kept, reused) = SqliteStatementCache.CountsFor(_connection);
        Assert.Equal(2, kept);
        Assert.Equal(4 + 5, reused);
    }

    [Fact]
    public async Task A_statement_that_failed_is_prepared_afresh_and_the_next_call_succeeds()
    {
        await _db.Database.ExecuteSqlAsync($"INSERT INTO Pairs (Key, Label) VALUES ({1}, {"taken"})");
        for (var round = 0; round < 3; round++)
        {
            // The same text, refused by the unique index each time, and the error reported as SQLite's constraint error.
            var refused = await Assert.ThrowsAsync<SqliteException>(() => _db.Database.ExecuteSqlAsync($"INSERT INTO Pairs (Key, Label) VALUES ({2 + round}, {"taken"})"));
            Assert.Equal(19, refused.SqliteErrorCode);
        }

        Assert.Equal(1, await _db.Database.ExecuteSqlAsync($"INSERT INTO Pairs (Key, Label) VALUES ({9}, {"free"})"));
        Assert.Equal(["free", "taken"], await _db.Database.SqlQuery<string>($"SELECT Label AS Value FROM Pairs ORDER BY Label").ToListAsync());
    }

    [Fact]
    public async Task A_text_whose_reader_is_still_open_runs_on_EFs_own_command()
    {
        for (var key = 1; key <= 3; key++)
        {
            await _db.Database.ExecuteSqlAsync($"INSERT INTO Pairs (Key, Label) VALUES ({key}, {"label " + key})");
        }

        var outer = new List<string>();
        var inner = new List<int>();
        await foreach (var label in _db.Database.SqlQuery<string>($"SELECT Label AS Value FROM Pairs WHERE Key >= {1} ORDER BY Key").AsAsyncEnumerable())
        {
            outer.Add(label);
            // The very same text while the outer reader is open on the kept command.
            inner.Add((await _db.Database.SqlQuery<string>($"SELECT Label AS Value FROM Pairs WHERE Key >= {2} ORDER BY Key").ToListAsync()).Count);
        }

        Assert.Equal(["label 1", "label 2", "label 3"], outer);
        Assert.Equal([2, 2, 2], inner);
    }

    [Fact]
    public async Task Past_its_capacity_it_drops_the_idle_statements_and_keeps_the_one_being_read()
    {
        for (var key = 1; key <= 3; key++)
        {
            await _db.Database.ExecuteSqlAsync($"INSERT INTO Pairs (Key, Label) VALUES ({key}, {"label " + key})");
        }

        var outer = new List<string>();
        await foreach (var label in _db.Database.SqlQuery<string>($"SELECT Label AS Value FROM Pairs WHERE Key >= {1} ORDER BY Key").AsAsyncEnumerable())
        {
            outer.Add(label);
            for (var i = 0; i < SqliteStatementCache.Capacity + 10; i++)
            {
                // A new text each time (the number is part of it, not a parameter).
                var text = "SELECT " + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + " AS Value";
                Assert.Equal(i, await _db.Database.SqlQueryRaw<int>(text).SingleAsync());
            }
        }

        Assert.Equal(["label 1", "label 2", "label 3"], outer);
        Assert.InRange(SqliteStatementCache.CountsFor(_connection).Kept, 1, SqliteStatementCache.Capacity);
    }

    [Fact]
    public async Task A_connection_not_registered_prepares_every_call_itself()
    {
        await using var other = DatabaseSetup.Create(DatabaseProvider.Sqlite, $"Data Source={_file};Pooling=False");
        await other.Database.OpenConnectionAsync();
        for (var key = 1; key <= 3; key++)
        {
            await other.Database.ExecuteSqlAsync($"INSERT INTO Pairs (Key, Label) VALUES ({key}, {"label " + key})");
        }

        Assert.Equal((0, 0L), SqliteStatementCache.CountsFor(other.Database.GetDbConnection()));
        Assert.Equal((0, 0L), SqliteStatementCache.CountsFor(_connection));
        Assert.Equal(3, await _db.Database.SqlQuery<int>($"SELECT COUNT(*) AS Value FROM Pairs").SingleAsync());
    }
}
