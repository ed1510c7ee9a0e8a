using System.Diagnostics;
using System.Text.Json;

namespace MasteryPath.Tests;

/// <summary>
/// Validates xAPI statements with Learning Locker's npm package <c>xapi-validation</c>, run by node from
/// <c>tests/tools/xapi-validator</c> (<c>npm ci</c> there; .ci/run does it). Without node or the package a test
/// is skipped on a developer machine and fails under CI=true.
/// </summary>
internal static class XapiValidator
{
    public static string ToolFolder => Path.Combine(RepositoryPaths.Root, "tests", "tools", "xapi-validator");

    /// <summary>The problems of each statement, by index ("statement.context.contextActivities.parent: TypeWarning").</summary>
    public static async Task<IReadOnlyList<IReadOnlyList<string>>> ValidateAsync(string statementsJson, string version)
    {
        var node = RequireOrSkip();
        var start = new ProcessStartInfo(node, ["validate.js", version])
        {
            WorkingDirectory = ToolFolder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(statementsJson);
        process.StandardInput.Close();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"the xAPI validator failed ({process.ExitCode}): {await error}");
        }

        using var results = JsonDocument.Parse(await output);
        return results.RootElement.EnumerateArray()
            .Select(r => (IReadOnlyList<string>)r.GetProperty("problems").EnumerateArray().Select(p => p.GetString()!).ToList())
            .ToList();
    }

    /// <summary>Fails with every problem of every statement, each with the statement it is in.</summary>
    public static async Task AssertAllValidAsync(string statementsJson, string version)
    {
        var problems = await ValidateAsync(statementsJson, version);
        using var document = JsonDocument.Parse(statementsJson);
        var statements = document.RootElement.ValueKind == JsonValueKind.Array ? document.RootElement.EnumerateArray().ToList() : [document.RootElement];
        var invalid = problems.Select((p, i) => (Problems: p, Index: i)).Where(x => x.Problems.Count > 0).ToList();
        if (invalid.Count > 0)
        {
            throw new Xunit.Sdk.XunitException(
                $"{invalid.Count} of {problems.Count} xAPI {version} statements are invalid:\n" +
                string.Join("\n", invalid.Take(5).Select(x => $"#{x.Index}: {string.Join("; ", x.Problems)}\n  {statements[x.Index].GetRawText()}")));
        }
    }

    private static string RequireOrSkip()
    {
        var node = FindNode();
        var package = Path.Combine(ToolFolder, "node_modules", "xapi-validation", "package.json");
        if (node is not null && File.Exists(package))
        {
            return node;
        }

        var missing = node is null ? "node is not installed" : $"the npm package xapi-validation is not installed (run `npm ci` in {ToolFolder})";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"CI=true but {missing}");
        }

        throw new Xunit.SkipException(missing);
    }

    private static string? FindNode() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "node"))
            .FirstOrDefault(File.Exists);
}
