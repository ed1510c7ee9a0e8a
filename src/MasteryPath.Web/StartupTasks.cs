using MasteryPath.Data;
using MasteryPath.Web.Accounts;
using MasteryPath.Web.Learning;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MasteryPath.Web;

/// <summary>What happens before the app listens: database ready, courses loaded, demo accounts announced.</summary>
public static class StartupTasks
{
    public static string ConnectionString(IConfiguration configuration, MasteryPathOptions options, IWebHostEnvironment environment)
    {
        var configured = configuration.GetConnectionString("MasteryPath");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        if (options.Provider != DatabaseProvider.Sqlite)
        {
            throw new InvalidOperationException("MasteryPath:DatabaseProvider is postgres but ConnectionStrings:MasteryPath is empty.");
        }

        var folder = Path.GetFullPath(options.DataDirectory, environment.ContentRootPath);
        Directory.CreateDirectory(folder);
        return $"Data Source={Path.Combine(folder, "masterypath.db")}";
    }

    public static async Task RunAsync(WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<MasteryPathOptions>>().Value;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("MasteryPath");
        var catalog = app.Services.GetRequiredService<CourseCatalog>();
        logger.LogInformation("Courses: {Courses}", string.Join(", ", catalog.Courses.Select(c => $"{c.Title} ({c.Skills.Count} skills)")));

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MasteryPathDb>();
        if (options.ShouldMigrateOnStart)
        {
            await DatabaseSetup.MigrateAsync(db);
        }
        else
        {
            var pending = (await db.Database.GetPendingMigrationsAsync()).ToList();
            if (pending.Count > 0)
            {
                throw new InvalidOperationException($"The database needs {pending.Count} migration(s) ({string.Join(", ", pending)}): run `masterypath migrate` first.");
            }
        }

        logger.LogInformation("Database: {Provider} ({Source})", options.Provider, db.Database.GetDbConnection().DataSource);
        var demo = scope.ServiceProvider.GetRequiredService<DemoData>();
        if (options.SeedDemoData)
        {
            await demo.SeedAsync();
            var lines = DemoData.Accounts.Select(a => $"  {a.Role,-8} {a.Email,-22} password: {DemoData.Password}");
            logger.LogInformation("Demo accounts (sign in at /account/login):{NewLine}{Accounts}", Environment.NewLine, string.Join(Environment.NewLine, lines));
        }
        else
        {
            await demo.EnsureRolesAsync();
        }
    }
}
