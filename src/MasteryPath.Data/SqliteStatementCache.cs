using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace MasteryPath.Data;

/// <summary>
/// Keeps EF's statements prepared on a long-lived SQLite connection. EF creates a new command for every execution, and
/// SQLite parses and plans every new command's text again, where PostgreSQL has Npgsql's automatic preparation. On a
/// connection registered with <see cref="Keep"/> (the group-commit writer's), each command's text runs through a
/// command of its own kept for the connection, whose prepared statements Microsoft.Data.Sqlite reuses; EF's own
/// command is left unexecuted. Other connections are not touched.
/// </summary>
public sealed class SqliteStatementCache : DbCommandInterceptor
{
    /// <summary>Command texts kept per connection at most; past that the kept ones not being read are dropped.</summary>
    public const int Capacity = 256;

    private readonly ConditionalWeakTable<DbConnection, Statements> _connections = [];

    private SqliteStatementCache()
    {
    }

    /// <summary>The interceptor the SQLite contexts are configured with.</summary>
    public static SqliteStatementCache Interceptor { get; } = new();

    /// <summary>Keeps the statements run on <paramref name="connection"/> prepared, until <see cref="Forget"/>.</summary>
    public static void Keep(SqliteConnection connection) => Interceptor._connections.AddOrUpdate(connection, new Statements(connection));

    /// <summary>Finalizes the statements kept for <paramref name="connection"/> (before it is closed).</summary>
    public static void Forget(DbConnection connection)
    {
        if (Interceptor._connections.TryGetValue(connection, out var statements))
        {
            Interceptor._connections.Remove(connection);
            statements.Dispose();
        }
    }

    /// <summary>How many command texts are kept for <paramref name="connection"/>, and how many executions reused one.</summary>
    public static (int Kept, long Reused) CountsFor(DbConnection connection) =>
        Interceptor._connections.TryGetValue(connection, out var statements) ? (statements.Count, statements.Reused) : (0, 0);

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result) =>
        KeptFor(command) is { } kept && kept.Run(command) is { } reader ? InterceptionResult<DbDataReader>.SuppressWithResult(reader) : result;

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(ReaderExecuting(command, eventData, result));

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        if (KeptFor(command) is { } kept && kept.Run(command) is { } reader)
        {
            using (reader)
            {
                return InterceptionResult<int>.SuppressWithResult(reader.RecordsAffected);
            }
        }

        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(NonQueryExecuting(command, eventData, result));

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        if (KeptFor(command) is { } kept && kept.Run(command) is { } reader)
        {
            using (reader)
            {
                return InterceptionResult<object>.SuppressWithResult(reader.Read() ? reader.GetValue(0) : null!);
            }
        }

        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(ScalarExecuting(command, eventData, result));

    private Statements? KeptFor(DbCommand command) =>
        command.Connection is { } connection && _connections.TryGetValue(connection, out var statements) ? statements : null;

    /// <summary>The commands kept for one connection, by text. Used by one thread at a time, as the connection is.</summary>
    private sealed class Statements(SqliteConnection connection) : IDisposable
    {
        private readonly Dictionary<string, Kept> _byText = new(StringComparer.Ordinal);

        public int Count => _byText.Count;

        public long Reused { get; private set; }

        /// <summary>
        /// Runs <paramref name="command"/>'s text with its parameters on the kept command for that text; null (EF runs its
        /// own command) when that command's last reader is still open.
        /// </summary>
        public SqliteDataReader? Run(DbCommand command)
        {
            if (!_byText.TryGetValue(command.CommandText, out var kept))
            {
                if (_byText.Count >= Capacity)
                {
                    DropIdle();
                }

                kept = new Kept(connection.CreateCommand());
                kept.Command.CommandText = command.CommandText;
                _byText.Add(command.CommandText, kept);
            }
            else if (kept.Reader is { IsClosed: false })
            {
                return null;
            }
            else
            {
                Reused++;
            }

            var prepared = kept.Command;
            prepared.Transaction = (SqliteTransaction?)command.Transaction;
            prepared.CommandTimeout = command.CommandTimeout;
            prepared.Parameters.Clear();
            foreach (SqliteParameter parameter in command.Parameters)
            {
                prepared.Parameters.Add(parameter);
            }

            try
            {
                return kept.Reader = prepared.ExecuteReader();
            }
            catch
            {
                // A statement that failed (a constraint, a busy database) is dropped, not reused: the next call prepares it afresh.
                _byText.Remove(command.CommandText);
                kept.Command.Dispose();
                throw;
            }
        }

        /// <summary>Drops the kept commands whose readers are closed (one still being read stays until its next use).</summary>
        private void DropIdle()
        {
            foreach (var (text, kept) in _byText.Where(k => k.Value.Reader is null or { IsClosed: true }).ToList())
            {
                _byText.Remove(text);
                kept.Command.Dispose();
            }
        }

        public void Dispose()
        {
            foreach (var kept in _byText.Values)
            {
                kept.Command.Dispose();
            }

            _byText.Clear();
        }

        private sealed class Kept(SqliteCommand command)
        {
            public SqliteCommand Command { get; } = command;

            public SqliteDataReader? Reader { get; set; }
        }
    }
}
