using MasteryPath.Web.Reports;

namespace MasteryPath.Web;

/// <summary>Registers the reports, exports, surveys and lesson ratings (issue 6, parts 6 and 7).</summary>
public static class ReportsAndSurveys
{
    public static IServiceCollection AddReportsAndSurveys(this IServiceCollection services)
    {
        services.AddScoped<ReportService>();
        return services;
    }

    public static IEndpointRouteBuilder MapReportsAndSurveys(this IEndpointRouteBuilder app)
    {
        app.MapReports();
        return app;
    }
}
