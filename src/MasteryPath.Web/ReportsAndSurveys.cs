using MasteryPath.Web.Reports;
using MasteryPath.Web.Surveys;

namespace MasteryPath.Web;

/// <summary>Registers the reports, exports, surveys and lesson ratings (issue 6, parts 6 and 7).</summary>
public static class ReportsAndSurveys
{
    public static IServiceCollection AddReportsAndSurveys(this IServiceCollection services)
    {
        services.AddScoped<ReportService>();
        services.AddScoped<GradebookService>();
        services.AddScoped<SurveyService>();
        services.AddScoped<LessonRatingService>();
        return services;
    }

    public static IEndpointRouteBuilder MapReportsAndSurveys(this IEndpointRouteBuilder app)
    {
        app.MapReports();
        app.MapSurveys();
        return app;
    }
}
