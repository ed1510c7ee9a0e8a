using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MasteryPath.Data.Privacy;
using Spectre.Console;

namespace MasteryPath.Cli;

/// <summary>
/// `privacy redact-answers`: removes the text of answers older than N days on the configured database, as the web app's
/// retention setting (MasteryPath:Privacy:AnswerTextRetentionDays) does every hour; right or wrong, skill and time stay.
/// </summary>
internal static class PrivacyCommands
{
    /// <summary>The actor of the audit entry the command writes.</summary>
    public const string Actor = "cli";

    public static Command Create()
    {
        var database = new DatabaseOptions();
        var days = new Option<int>("--older-than-days") { Description = "Remove the text of answers given more than this many days ago (1 or more).", Required = true };
        days.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 36_500)
            {
                result.AddError("--older-than-days must be a number of days from 1 to 36500.");
            }
        });
        var batch = new Option<int>("--batch-size") { Description = "Rows changed per statement.", DefaultValueFactory = _ => AnswerTextRetention.DefaultBatchSize };
        batch.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError("--batch-size must be 1 or more.");
            }
        });
        var json = new Option<bool>("--json") { Description = "Print the counts as JSON." };
        var redact = new Command("redact-answers", "Remove the text of answers (typed or picked) older than N days from the answer-event log and the questions; right or wrong, skill and time are kept, so learner state is unchanged.");
        database.AddTo(redact);
        redact.Options.Add(days);
        redact.Options.Add(batch);
        redact.Options.Add(json);
        redact.SetAction((parse, cancellationToken) => RedactAsync(database, parse, parse.GetValue(days), parse.GetValue(batch), parse.GetValue(json), cancellationToken));

        var privacy = new Command("privacy", "Privacy duties on the configured database.");
        privacy.Subcommands.Add(redact);
        return privacy;
    }

    private static async Task<int> RedactAsync(DatabaseOptions database, ParseResult parse, int days, int batchSize, bool json, CancellationToken cancellationToken)
    {
        await using var db = await database.OpenMigratedAsync(parse, cancellationToken);
        if (db is null)
        {
            return 2;
        }

        try
        {
            var now = TimeProvider.System.GetUtcNow();
            var removal = await AnswerTextRetention.RemoveAsync(db, now.AddDays(-days), Actor, now, batchSize, cancellationToken);
            if (json)
            {
                Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
                {
                    ["cutoff"] = removal.Cutoff,
                    ["answer_events"] = removal.AnswerEvents,
                    ["questions"] = removal.Attempts,
                }));
            }
            else
            {
                AnsiConsole.MarkupLine(CultureInfo.InvariantCulture, "Removed the text of {0} answer event(s) and {1} question(s) answered before {2:yyyy-MM-dd HH:mm} UTC.", removal.AnswerEvents, removal.Attempts, removal.Cutoff);
            }

            return 0;
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return 1;
        }
    }
}
