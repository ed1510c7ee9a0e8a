using MasteryPath.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace MasteryPath.Web.Tests;

/// <summary>
/// The pool settings of the PostgreSQL answer path: a profile under load found PostgreSQL parsing and planning every
/// statement afresh and resetting the session each time a connection went back to the pool (seven DISCARD ALL per
/// answered question), which cost it more CPU than executing the statements.
/// </summary>
public sealed class PostgresConnectionDefaultsTests
{
    [Fact]
    public void Statements_are_prepared_and_sessions_not_reset_unless_the_operator_chose_otherwise()
    {
        var defaults = new NpgsqlConnectionStringBuilder(DatabaseSetup.WithPostgresDefaults("Host=db;Database=mp;Username=app"));
        Assert.True(defaults.MaxAutoPrepare > 0);
        Assert.True(defaults.NoResetOnClose);
        Assert.Equal("db", defaults.Host);
        Assert.Equal("mp", defaults.Database);

        var chosen = new NpgsqlConnectionStringBuilder(DatabaseSetup.WithPostgresDefaults(
            "Host=db;Database=mp;Max Auto Prepare=0;No Reset On Close=false"));
        Assert.Equal(0, chosen.MaxAutoPrepare);
        Assert.False(chosen.NoResetOnClose);

        var lowerCase = new NpgsqlConnectionStringBuilder(DatabaseSetup.WithPostgresDefaults(
            "host=db;database=mp;maxautoprepare=5;noresetonclose=false"));
        Assert.Equal(5, lowerCase.MaxAutoPrepare);
        Assert.False(lowerCase.NoResetOnClose);
    }

    [SkippableFact]
    public async Task A_statement_the_app_runs_repeatedly_is_prepared_on_its_connection()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("mp_pool");
        try
        {
            await using var db = DatabaseSetup.Create(DatabaseProvider.Postgres, connectionString);
            await db.Database.OpenConnectionAsync();
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal(1, await db.Database.SqlQuery<int>($"SELECT {i} * 0 + 1 AS \"Value\"").SingleAsync());
            }

            var prepared = await db.Database.SqlQueryRaw<long>("SELECT count(*) AS \"Value\" FROM pg_prepared_statements").SingleAsync();
            Assert.True(prepared >= 1, $"{prepared} prepared statements on the connection");
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }
}
