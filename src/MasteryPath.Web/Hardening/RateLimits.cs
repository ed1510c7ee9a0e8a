using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace MasteryPath.Web.Hardening;

/// <summary>The "MasteryPath:RateLimits" configuration section: requests per minute, 0 for no limit.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "MasteryPath:RateLimits";

    /// <summary>
    /// Sign-in attempts per client address. A whole school behind one address signs in at 8 o'clock: keep it well above
    /// a school's rush; guessing one account's password is stopped by the lockout (five tries, 15 minutes).
    /// </summary>
    [Range(0, int.MaxValue)]
    public int SignInPerMinute { get; set; } = 300;

    /// <summary>Password changes and resets per user (or per address when not signed in).</summary>
    [Range(0, int.MaxValue)]
    public int PasswordPerMinute { get; set; } = 10;

    /// <summary>Answers per learner: far above anyone who reads the question, far below a script that guesses.</summary>
    [Range(0, int.MaxValue)]
    public int AnswersPerMinute { get; set; } = 120;
}

/// <summary>Named rate-limiting policies (ASP.NET Core's rate limiter) for the endpoints an attacker would hammer.</summary>
public static class RateLimits
{
    public const string SignIn = "sign-in";
    public const string Password = "password";
    public const string Answers = "answers";

    public static IServiceCollection AddMasteryPathRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = OnRejectedAsync;
            limiter.AddPolicy(SignIn, context => PerMinute(Address(context), Options(context).SignInPerMinute));
            limiter.AddPolicy(Password, context => PerMinute(UserOrAddress(context), Options(context).PasswordPerMinute));
            limiter.AddPolicy(Answers, context => PerMinute(UserOrAddress(context), Options(context).AnswersPerMinute));
        });
        return services;
    }

    private static RateLimitOptions Options(HttpContext context) => context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;

    private static RateLimitPartition<string> PerMinute(string key, int permits) => permits <= 0
        ? RateLimitPartition.GetNoLimiter(key)
        : RateLimitPartition.GetSlidingWindowLimiter(key, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = TimeSpan.FromMinutes(1),
            SegmentsPerWindow = 6,
            QueueLimit = 0,
        });

    private static string Address(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static string UserOrAddress(HttpContext context) =>
        context.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } user ? "user:" + user : "address:" + Address(context);

    private static async ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var retry = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(10);
        context.Response.Headers.RetryAfter = Math.Ceiling(retry.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RateLimits))
            .LogInformation("Rate limit reached: {Method} {Path}", context.Request.Method, context.Request.Path);
        if (Paths.IsApi(context.Request.Path))
        {
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails =
                {
                    Status = StatusCodes.Status429TooManyRequests,
                    Title = "Too many requests",
                    Detail = $"Too many requests in a short time; try again in {Math.Ceiling(retry.TotalSeconds):0} seconds.",
                },
            });
        }
    }
}
