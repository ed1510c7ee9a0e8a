using MasteryPath.Web.Learning;

namespace MasteryPath.Web.Observability;

/// <summary>
/// What a handler learnt of an answer (its outcome and mode), left on the request for <see cref="AnswerTelemetryFilter"/>,
/// which measures the whole endpoint but cannot see inside its result.
/// </summary>
public sealed record AnswerOutcomeNote(string Outcome, string Mode)
{
    private static readonly object Key = new();

    public static AnswerOutcomeNote? Of(HttpContext http) => http?.Items.TryGetValue(Key, out var note) == true ? note as AnswerOutcomeNote : null;

    public static void Leave(HttpContext http, AnswerReceipt receipt, int tryNumber = 1)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(receipt);
        http.Items[Key] = new AnswerOutcomeNote(AnswerPathTelemetry.OutcomeOf(receipt, tryNumber), AnswerPathTelemetry.ModeOf(receipt.Attempt.Mode));
    }
}

/// <summary>Extension methods for the answer path's handlers.</summary>
public static class AnswerOutcomeNotes
{
    /// <summary>Leaves the answer's outcome for the telemetry filter and returns the receipt.</summary>
    public static AnswerReceipt Noted(this AnswerReceipt receipt, HttpContext http, int tryNumber = 1)
    {
        AnswerOutcomeNote.Leave(http, receipt, tryNumber);
        return receipt;
    }
}
