using System.Text;

namespace MasteryPath.Web.Reports;

/// <summary>
/// CSV that spreadsheets open cleanly: UTF-8 with a byte order mark (Excel reads accents right only with it), RFC 4180
/// (CRLF line ends, fields with a comma, quote or line break quoted, quotes doubled), and no formulas: a text cell that
/// starts with = + - @ (or a tab or carriage return) gets a leading apostrophe, as OWASP advises, so that a name
/// like "=HYPERLINK(…)" is shown, never run.
/// </summary>
public sealed class SpreadsheetCsv
{
    private readonly StringBuilder _text = new();

    public SpreadsheetCsv Row(params IEnumerable<string?> fields)
    {
        var first = true;
        foreach (var field in fields)
        {
            if (!first)
            {
                _text.Append(',');
            }

            _text.Append(Escape(field ?? string.Empty));
            first = false;
        }

        _text.Append("\r\n");
        return this;
    }

    public byte[] ToBytes() => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(_text.ToString())];

    /// <summary>One field: guarded against formulas, then quoted when RFC 4180 requires it.</summary>
    public static string Escape(string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        if (field.Length > 0 && field[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            field = "'" + field;
        }

        return field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
    }
}
