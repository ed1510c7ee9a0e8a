using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MasteryPath.Tests;

/// <summary>
/// Verifies a VC-JWT with the npm package <c>jose</c> (panva), run by node from <c>tests/tools/vc-jwt-verifier</c>
/// (<c>npm ci</c> there; .ci/run does it): an implementation independent of the .NET one that signed it. Without node
/// or the package a test is skipped on a developer machine and fails under CI=true.
/// </summary>
internal static class VcJwtVerifier
{
    public static string ToolFolder => Path.Combine(RepositoryPaths.Root, "tests", "tools", "vc-jwt-verifier");

    /// <summary>jose's verdict: valid with the protected header and payload, or not with its error.</summary>
    public static async Task<JsonObject> VerifyAsync(string jwt, JsonNode jwks, string issuer, DateTimeOffset now)
    {
        var node = RequireOrSkip();
        var start = new ProcessStartInfo(node, ["verify.mjs"])
        {
            WorkingDirectory = ToolFolder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(JsonSerializer.Serialize(new { jwt, jwks, issuer, now = now.UtcDateTime.ToString("O") }));
        process.StandardInput.Close();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"the VC-JWT verifier failed ({process.ExitCode}): {await error}");
        }

        return JsonNode.Parse(await output)!.AsObject();
    }

    private static string RequireOrSkip()
    {
        var node = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "node"))
            .FirstOrDefault(File.Exists);
        var package = Path.Combine(ToolFolder, "node_modules", "jose", "package.json");
        if (node is not null && File.Exists(package))
        {
            return node;
        }

        var missing = node is null ? "node is not installed" : $"the npm package jose is not installed (run `npm ci` in {ToolFolder})";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"CI=true but {missing}");
        }

        throw new Xunit.SkipException(missing);
    }
}
