using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MasteryPath.Web.Interop.Lti;

/// <summary>Settings under MasteryPath:Lti.</summary>
public sealed class LtiOptions
{
    public const string Section = "MasteryPath:Lti";

    /// <summary>Leeway for the platform's clock on exp, iat and nbf.</summary>
    [Range(0, 600)]
    public int ClockSkewSeconds { get; set; } = 60;

    /// <summary>Platform addresses over plain http are refused unless this is set (local testing only).</summary>
    public bool AllowHttp { get; set; }

    /// <summary>A platform that registers itself (dynamic registration) may launch at once, without an admin's approval.</summary>
    public bool AutoApproveDynamicRegistrations { get; set; }

    /// <summary>How often learners' mastery on linked assignments is compared with the last score sent.</summary>
    [Range(0.05, 3600)]
    public double ScoreScanSeconds { get; set; } = 20;

    /// <summary>How often the outbox of scores is looked at.</summary>
    [Range(0.05, 3600)]
    public double OutboxPollSeconds { get; set; } = 5;

    /// <summary>The first wait after a failed delivery; it doubles each time, up to an hour.</summary>
    [Range(0.05, 3600)]
    public double RetryFirstSeconds { get; set; } = 30;
}

public static class LtiSetup
{
    public const string HttpClientName = "lti";

    public static IServiceCollection AddLti(this IServiceCollection services)
    {
        services.AddOptions<LtiOptions>().BindConfiguration(LtiOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpClient(HttpClientName, c =>
        {
            c.Timeout = TimeSpan.FromSeconds(15);
            c.DefaultRequestHeaders.UserAgent.ParseAdd("MasteryPath-LTI/1.0");
        }).ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        services.TryAddSingleton<SigningKeys>();
        services.AddSingleton<LtiPlatformKeys>();
        services.AddScoped<LtiLaunchValidator>();
        services.AddScoped<LtiLaunchService>();
        services.AddSingleton<LtiServiceClient>();
        services.AddSingleton<LtiDeepLinking>();
        services.AddScoped<LtiRoster>();
        services.AddScoped<LtiRegistration>();
        services.AddScoped<LtiGradePassback>();
        services.AddHostedService<LtiGradePassbackWorker>();
        return services;
    }
}
