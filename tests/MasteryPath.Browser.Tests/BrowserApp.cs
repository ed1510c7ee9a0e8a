using System.Net;
using MasteryPath.Data;
using MasteryPath.Domain.Courses;
using MasteryPath.Domain.Items;
using MasteryPath.Web.Learning;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace MasteryPath.Browser.Tests;

/// <summary>
/// The real app on Kestrel at 127.0.0.1 with its own SQLite file, and a headless Chromium to drive it. One per
/// test class. The server side is used only as an oracle: it says which answers are right or wrong.
/// </summary>
public class BrowserApp : IAsyncLifetime
{
    public const string Password = "Mastery-demo-1";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "mp-browser-" + Guid.NewGuid().ToString("N"));
    private AppFactory? _factory;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>The same app by the host name "localhost", which WebAuthn accepts as a site's identity and an IP address is not.</summary>
    public string HostNameUrl => BaseUrl.Replace("://127.0.0.1:", "://localhost:", StringComparison.Ordinal);

    private AppFactory Factory => _factory ?? throw new InvalidOperationException("The app has not started.");

    /// <summary>The app's services, to set up data a scenario starts from.</summary>
    public IServiceProvider Services => Factory.Services;

    public virtual async Task InitializeAsync()
    {
        if (TestChromium.ExecutablePath is null)
        {
            return;
        }

        Directory.CreateDirectory(_folder);
        _factory = new AppFactory($"Data Source={Path.Combine(_folder, "masterypath.db")}", await SettingsAsync(), Clock);
        _factory.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();
        var addresses = _factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>();
        BaseUrl = addresses.Addresses.Single().TrimEnd('/');

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = TestChromium.ExecutablePath,
            Args = TestChromium.LaunchArgs,
            Headless = true,
        });
    }

    /// <summary>The app's clock when a fixture moves time itself; the real clock otherwise.</summary>
    protected virtual TimeProvider? Clock => null;

    /// <summary>Configuration a fixture adds before the app starts (e.g. a single sign-on provider).</summary>
    protected virtual Task<IReadOnlyDictionary<string, string>> SettingsAsync() => Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>());

    public virtual async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    /// <summary>A fresh browser context (no cookies) and page, on <see cref="HostNameUrl"/> when asked; skips the test when there is no Chromium.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 800, bool byHostName = false)
    {
        TestChromium.RequireOrSkip();
        var browser = _browser ?? throw new InvalidOperationException("The browser did not start.");
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = byHostName ? HostNameUrl : BaseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "en-US",
        });
        context.SetDefaultTimeout(10_000);
        // A first page of a fresh app on a busy CI machine can take longer than a step: navigations get 30 s.
        context.SetDefaultNavigationTimeout(30_000);
        return await context.NewPageAsync();
    }

    /// <summary>
    /// The item behind the attempt page the browser is on, as shown there (choices under that attempt's keys): what the
    /// server would check the answer against.
    /// </summary>
    public Item ItemOn(IPage page)
    {
        var path = new Uri(page.Url).AbsolutePath;
        const string prefix = "/attempts/";
        Assert.StartsWith(prefix, path, StringComparison.Ordinal);
        var attemptId = path[prefix.Length..];
        using var scope = Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MasteryPathDb>();
        var attempt = db.Attempts.AsNoTracking().Single(a => a.Id == attemptId);
        var catalog = Factory.Services.GetRequiredService<CourseCatalog>();
        return AttemptItem.For(catalog.Get(attempt.CourseId), attempt).Item;
    }

    public Course Course(string courseId) => Factory.Services.GetRequiredService<CourseCatalog>().Get(courseId);

    /// <summary>The skills the learner was asked about in the placement.</summary>
    public IReadOnlySet<string> PlacementSkills(string email)
    {
        using var scope = Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MasteryPathDb>();
        return db.Attempts.AsNoTracking()
            .Where(a => a.Mode == AttemptMode.Placement && db.Users.Any(u => u.Id == a.UserId && u.Email == email))
            .Select(a => a.SkillId)
            .ToHashSet(StringComparer.Ordinal);
    }

    private sealed class AppFactory(string connectionString, IReadOnlyDictionary<string, string> settings, TimeProvider? clock) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("MasteryPath:DatabaseProvider", "sqlite");
            builder.UseSetting("ConnectionStrings:MasteryPath", connectionString);

            // Scripted people answer faster than the per-learner limit allows (HardeningTests covers the limits).
            builder.UseSetting("MasteryPath:RateLimits:AnswersPerMinute", "0");
            builder.UseSetting("MasteryPath:RateLimits:SignInPerMinute", "0");
            builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }

            if (clock is not null)
            {
                builder.ConfigureTestServices(services =>
                {
                    services.RemoveAll<TimeProvider>();
                    services.AddSingleton(clock);
                });
            }
        }
    }
}
