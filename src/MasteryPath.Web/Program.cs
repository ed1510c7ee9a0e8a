using MasteryPath.Data;
using MasteryPath.Web;
using MasteryPath.Web.Accounts;
using MasteryPath.Web.Accounts.SingleSignOn;
using MasteryPath.Web.Api;
using MasteryPath.Web.Authoring;
using MasteryPath.Web.Components;
using MasteryPath.Web.CourseMedia;
using MasteryPath.Web.Credentials;
using MasteryPath.Web.Families;
using MasteryPath.Web.Hardening;
using MasteryPath.Web.Interop.Lti;
using MasteryPath.Web.LearnerModels;
using MasteryPath.Web.Learning;
using MasteryPath.Web.LearningRecordStore;
using MasteryPath.Web.Nodes;
using MasteryPath.Web.Observability;
using MasteryPath.Web.PerformanceTasks;
using MasteryPath.Web.Privacy;
using MasteryPath.Web.Teaching;
using MasteryPath.Web.Teaching.Assignments;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddOptions<MasteryPathOptions>().BindConfiguration(MasteryPathOptions.Section).ValidateDataAnnotations().ValidateOnStart();
var options = builder.Configuration.GetSection(MasteryPathOptions.Section).Get<MasteryPathOptions>() ?? new MasteryPathOptions();
builder.Services.AddMasteryPathDatabase(options.Provider, StartupTasks.ConnectionString(builder.Configuration, options, builder.Environment));
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton(sp => CourseCatalog.Load(CourseCatalog.ResolveFolder(sp.GetRequiredService<IOptions<MasteryPathOptions>>(), sp.GetRequiredService<IWebHostEnvironment>()))
    .WithPublished(sp.GetRequiredService<IPublishedCourseSource>(), sp.GetRequiredService<TimeProvider>()));
builder.Services.AddCourseMedia();
builder.Services.AddScoped<LearningService>();
builder.Services.AddScoped<LearnerWriterScope>();
builder.Services.AddSingleton<LearnerWriteQueue>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<LearnerWriteQueue>());
builder.Services.AddScoped<TeachingService>();
builder.Services.AddScoped<DemoData>();
builder.Services.AddClasses();
builder.Services.AddAssignments();
builder.Services.AddDashboardEvents();
builder.Services.AddScoped<SchoolOverviewService>();
builder.Services.AddPerformanceTasks();
builder.Services.AddReportsAndSurveys();
builder.Services.AddLearnerModels();

builder.Services.AddMasteryPathIdentity();
builder.Services.AddSingleSignOn(builder.Configuration);
builder.Services.AddProblemDetails();
builder.Services.AddOpenApi();
builder.Services.AddRazorComponents();
builder.Services.AddHttpContextAccessor();
builder.AddSharedDataProtection();
builder.AddHealthEndpoints();
builder.AddObservability();
builder.AddCrossNodeNotifications();
builder.AddHardening();
builder.Services.AddAccountAdmin();
builder.Services.AddLearningRecordStore();
builder.Services.AddPasswordReset();
builder.Services.AddPasskeys();
builder.Services.AddPersonalDataExport();
builder.Services.AddAnswerTextRetention();
builder.Services.AddLti();
builder.Services.AddCredentials();
builder.Services.AddFamilies();
builder.Services.AddAuthoring();

var app = builder.Build();

await StartupTasks.RunAsync(app);

app.UseHardening();
app.UseAuthentication();
app.UseRateLimiter();
app.UseAuthorization();
app.UseApiAntiforgery();
app.UseMustChangePasswordGate();
app.UseAntiforgery();

app.MapStaticAssets().AllowAnonymous();
app.MapHealthEndpoints();
app.MapObservability();
app.MapAccountEndpoints();
app.MapSingleSignOn();
app.MapApiAntiforgery();
app.MapAccountAdmin();
app.MapLearningRecordStore();
app.MapPasswordReset();
app.MapPasskeys();
app.MapPersonalDataExport();
app.MapLearnerForms();
app.MapLearningApi();
app.MapCourseMedia();
app.MapTeaching();
app.MapDashboardEvents();
app.MapClasses();
app.MapAssignments();
app.MapClassMotivation();
app.MapPerformanceTasks();
app.MapReportsAndSurveys();
app.MapLearnerModels();
app.MapLti();
app.MapCredentials();
app.MapFamilies();
app.MapAuthoring();
app.MapOpenApi();
app.MapScalarApiReference("/api/reference");
app.MapRazorComponents<App>();

app.Run();

/// <summary>The entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
