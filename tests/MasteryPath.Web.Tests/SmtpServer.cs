using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MasteryPath.Web.Tests;

/// <summary>
/// A real SMTP server for the tests: Debian's aiosmtpd (python3-aiosmtpd) on a free loopback port, printing every
/// message it receives. Skips locally and fails under CI=true when it is not installed.
/// </summary>
internal sealed class SmtpServer : IDisposable
{
    private const string Separator = "---------- MESSAGE FOLLOWS ----------";
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly object _lock = new();

    private SmtpServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Debian's Python, where python3-aiosmtpd installs (a python3 earlier on the PATH, e.g. pyenv's, lacks it).</summary>
    private static string Python => File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

    public static async Task<SmtpServer> StartAsync()
    {
        var check = Process.Start(new ProcessStartInfo(Python, "-c \"import aiosmtpd\"") { RedirectStandardError = true, UseShellExecute = false });
        await check!.WaitForExitAsync();
        if (check.ExitCode != 0)
        {
            const string Missing = "python3 with aiosmtpd is not available (apt-get install python3-aiosmtpd)";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException("CI=true but " + Missing);
            }

            throw new Xunit.SkipException(Missing);
        }

        var port = TestPostgres.FreePort();
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-u", "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{port}", "-c", "aiosmtpd.handlers.Debugging", "stdout" })
        {
            start.ArgumentList.Add(argument);
        }

        var server = new SmtpServer(Process.Start(start)!, port);
        server._process.OutputDataReceived += (_, e) => server.Append(e.Data);
        server._process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return server;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        server.Dispose();
        throw new InvalidOperationException($"aiosmtpd did not listen on port {port}: {server.Output}");
    }

    public string Output
    {
        get
        {
            lock (_lock)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The messages received so far (headers and body as printed).</summary>
    public IReadOnlyList<string> Messages => Output.Split(Separator).Skip(1).ToList();

    /// <summary>Waits until at least <paramref name="count"/> messages have arrived.</summary>
    public async Task<IReadOnlyList<string>> WaitForMessagesAsync(int count, TimeSpan timeout)
    {
        var stopwatch = Stopwatch.StartNew();
        while (Messages.Count < count && stopwatch.Elapsed < timeout)
        {
            await Task.Delay(50);
        }

        return Messages.Count >= count ? Messages : throw new TimeoutException($"{Messages.Count} of {count} mails arrived within {timeout}:\n{Output}");
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_lock)
            {
                _output.AppendLine(line);
            }
        }
    }
}
