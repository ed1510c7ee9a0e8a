namespace MasteryPath.Tests;

/// <summary>
/// A Chromium for browser tests: <c>MASTERYPATH_TEST_CHROMIUM</c> if set, otherwise /usr/bin/chromium if installed,
/// otherwise none (skip locally, fail under CI=true).
/// </summary>
internal static class TestChromium
{
    public const string EnvironmentVariable = "MASTERYPATH_TEST_CHROMIUM";

    public const string DefaultPath = "/usr/bin/chromium";

    /// <summary>The executable, or null when none is available.</summary>
    public static string? ExecutablePath { get; } = Resolve();

    /// <summary>Arguments for a headless run as root in a container, without network chatter of its own.</summary>
    public static IReadOnlyList<string> LaunchArgs { get; } =
    [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
    ];

    /// <summary>The executable; throws under CI=true and skips the test otherwise when there is none.</summary>
    public static string RequireOrSkip()
    {
        if (ExecutablePath is { } path)
        {
            return path;
        }

        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"CI=true but Chromium is not available: set {EnvironmentVariable} or install chromium");
        }

        throw new Xunit.SkipException($"Chromium is not available: set {EnvironmentVariable} or install chromium");
    }

    private static string? Resolve()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        var path = string.IsNullOrWhiteSpace(configured) ? DefaultPath : configured;
        return File.Exists(path) ? path : null;
    }
}
