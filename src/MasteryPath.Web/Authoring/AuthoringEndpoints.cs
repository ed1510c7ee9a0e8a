using System.Security.Claims;
using MasteryPath.Web.Accounts;
using MasteryPath.Web.Api;
using MasteryPath.Web.CourseMedia;
using MasteryPath.Web.Learning;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.StaticFiles;

namespace MasteryPath.Web.Authoring;

/// <summary>
/// The authoring area (docs/adr/0032): forms that post and redirect back to the pages under /author
/// (Components/Pages/Author), zip and media downloads, and two JSON previews for the editor's script. Only authors,
/// teachers and admins reach any of it; a draft is seen only by its creator and admins.
/// </summary>
public static class AuthoringEndpoints
{
    /// <summary>The policy: the author role, teachers and admins.</summary>
    public const string Policy = Roles.Author;

    public static IServiceCollection AddAuthoring(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder().AddPolicy(Policy, p => p.RequireRole(Roles.Author, Roles.Teacher, Roles.Admin));
        services.AddScoped<AuthoringService>();
        services.AddScoped<DraftSkills>();
        services.AddScoped<Publishing>();
        services.AddScoped<DraftImports>();
        services.AddSingleton<PublishedCourses>();
        services.AddSingleton<IPublishedCourseSource>(sp => sp.GetRequiredService<PublishedCourses>());
        services.AddSingleton<IPublishedMedia>(sp => sp.GetRequiredService<PublishedCourses>());
        return services;
    }

    public static IEndpointRouteBuilder MapAuthoring(this IEndpointRouteBuilder app)
    {
        var forms = app.MapGroup("/forms/author").RequireAuthorization(Policy).ExcludeFromDescription();
        forms.MapPost("/courses", (ClaimsPrincipal user, [FromForm] string? courseId, [FromForm] string? title, AuthoringService drafts) =>
            Form(async () => { await drafts.CreateAsync(user, courseId, title); return $"/author/{courseId!.Trim()}?created=1"; }, "/author"));
        forms.MapPost("/courses/start", (ClaimsPrincipal user, [FromForm] string? courseId, AuthoringService drafts) =>
            Form(async () => { await drafts.StartFromPublishedAsync(user, courseId); return $"/author/{courseId!.Trim()}?created=1"; }, "/author"));
        forms.MapPost("/case", (ClaimsPrincipal user, IFormFile? package, [FromForm] string? courseId, DraftImports imports) =>
            Form(async () => $"/author/{await imports.StartFromCaseAsync(user, package, courseId)}?created=1", "/author"))
            .WithMetadata(new RequestSizeLimitAttribute(CourseFiles.MaxZipBytes + 64 * 1024));
        forms.MapPost("/upload", (ClaimsPrincipal user, IFormFile? zip, AuthoringService drafts) =>
            Form(async () =>
            {
                if (zip is null || zip.Length == 0)
                {
                    throw LearningException.Invalid("Choose a zip of a course folder to upload.");
                }

                using var copy = new MemoryStream();
                await zip.CopyToAsync(copy);
                copy.Position = 0;
                return $"/author/{await drafts.UploadZipAsync(user, copy)}?uploaded=1";
            }, "/author")).WithMetadata(new RequestSizeLimitAttribute(CourseFiles.MaxZipBytes + 64 * 1024));

        var course = forms.MapGroup("/{courseId}");
        course.MapPost("/skills", (string courseId, ClaimsPrincipal user, [FromForm] string? skillId, [FromForm] string? title, [FromForm] string? objective, [FromForm] string? unit, DraftSkills skills) =>
            Form(async () => { await skills.AddAsync(user, courseId, skillId, title, objective, unit); return $"/author/{courseId}?added={Uri.EscapeDataString(skillId!.Trim())}#skills"; }, $"/author/{courseId}"));
        course.MapPost("/skills/{skillId}", (string courseId, string skillId, ClaimsPrincipal user, [FromForm] string? title, [FromForm] string? objective, [FromForm] string? unit, [FromForm] string? lesson, [FromForm] string? corrective, [FromForm] string? enrichment, DraftSkills skills) =>
            Form(
                async () =>
                {
                    await skills.SaveAsync(user, courseId, skillId, title, objective, unit, new Dictionary<string, string?> { ["Lesson"] = lesson, ["Corrective"] = corrective, ["Enrichment"] = enrichment });
                    return $"/author/{courseId}/skill/{skillId}?saved=1";
                },
                $"/author/{courseId}/skill/{skillId}"));
        course.MapPost("/edges", (string courseId, ClaimsPrincipal user, [FromForm] string? skill, [FromForm] string? prerequisite, DraftSkills skills) =>
            Form(async () => { await skills.AddPrerequisiteAsync(user, courseId, skill ?? string.Empty, prerequisite); return $"/author/{courseId}?edge=added#skills"; }, $"/author/{courseId}", "#skills"));
        course.MapPost("/edges/remove", (string courseId, ClaimsPrincipal user, [FromForm] string? skill, [FromForm] string? prerequisite, DraftSkills skills) =>
            Form(async () => { await skills.RemovePrerequisiteAsync(user, courseId, skill ?? string.Empty, prerequisite); return $"/author/{courseId}?edge=removed#skills"; }, $"/author/{courseId}", "#skills"));
        course.MapPost("/items/{file}", (string courseId, string file, ClaimsPrincipal user, [FromForm] string? text, AuthoringService drafts) =>
            Form(
                async () =>
                {
                    await drafts.RequireDraftAsync(user, courseId);
                    await drafts.WriteTextAsync(user, courseId, ItemsPath(file), text ?? string.Empty);
                    return $"/author/{courseId}/items/{file}?saved=1";
                },
                $"/author/{courseId}/items/{file}"));
        course.MapPost("/templates", (string courseId, ClaimsPrincipal user, [FromForm] string? skill, AuthoringService drafts) =>
            Form(
                async () =>
                {
                    var files = await drafts.FilesAsync(user, courseId);
                    var skillId = AuthoringService.RequireId(skill, "skill id");
                    var n = 1;
                    while (files[ItemsPath($"{skillId}-{n}.yaml")] is not null)
                    {
                        n++;
                    }

                    await drafts.WriteTextAsync(user, courseId, ItemsPath($"{skillId}-{n}.yaml"), Previews.StarterTemplate(skillId, $"{skillId}-t{n}"));
                    return $"/author/{courseId}/items/{skillId}-{n}.yaml?created=1";
                },
                $"/author/{courseId}",
                "#items"));
        course.MapPost("/media", (string courseId, ClaimsPrincipal user, IFormFile? file, [FromForm] string? returnUrl, AuthoringService drafts) =>
        {
            var back = AccountEndpoints.IsLocalPath(returnUrl) && returnUrl!.StartsWith($"/author/{courseId}", StringComparison.Ordinal) ? returnUrl : $"/author/{courseId}";
            return Form(
                async () =>
                {
                    await drafts.RequireDraftAsync(user, courseId);
                    if (file is null || file.Length == 0)
                    {
                        throw LearningException.Invalid("Choose a file to upload.");
                    }

                    var name = Path.GetFileName(file.FileName).Replace(' ', '-');
                    using var copy = new MemoryStream();
                    await file.CopyToAsync(copy);
                    await drafts.WriteAsync(user, courseId, $"media/{name}", copy.ToArray());
                    return $"{back}{(back.Contains('?', StringComparison.Ordinal) ? '&' : '?')}uploaded={Uri.EscapeDataString("media/" + name)}";
                },
                back);
        }).WithMetadata(new RequestSizeLimitAttribute(CourseFiles.MaxZipBytes + 64 * 1024));
        course.MapPost("/publish", (string courseId, ClaimsPrincipal user, [FromForm] string? confirm, Publishing publishing) =>
            Form(
                async () =>
                {
                    var outcome = await publishing.PublishAsync(user, courseId, confirm == "yes");
                    return outcome.Published ? $"/author/{courseId}?published={outcome.Version}"
                        : outcome.NeedsConfirmation.Count > 0 ? $"/author/{courseId}?confirm=1#publish"
                        : $"/author/{courseId}?refused=1#check";
                },
                $"/author/{courseId}"));

        var pages = app.MapGroup("/author/{courseId}").RequireAuthorization(Policy).ExcludeFromDescription();
        pages.MapGet("/download", async (string courseId, ClaimsPrincipal user, AuthoringService drafts) =>
            Results.File((await drafts.FilesAsync(user, courseId)).ToZip(), "application/zip", $"{courseId}-draft.zip")).WithFilter();
        pages.MapGet("/versions/{number:int}/download", async (string courseId, int number, ClaimsPrincipal user, Publishing publishing) =>
            Results.File(await publishing.VersionZipAsync(user, courseId, number), "application/zip", $"{courseId}-v{number}.zip")).WithFilter();
        pages.MapGet("/media/{**path}", async (string courseId, string path, ClaimsPrincipal user, AuthoringService drafts) =>
        {
            var files = await drafts.FilesAsync(user, courseId);
            var content = files[$"media/{path}"] ?? throw LearningException.NotFound($"The draft has no media/{path}.");
            return Results.File(content, new FileExtensionContentTypeProvider().TryGetContentType(path, out var type) ? type : "application/octet-stream");
        }).WithFilter();

        var api = app.MapGroup("/api/author/{courseId}").RequireAuthorization(Policy).WithTags("Authoring").WithProblemDetails();
        api.MapPost("/preview/lesson", async (string courseId, LessonPreviewRequest request, ClaimsPrincipal user, AuthoringService drafts) =>
        {
            await drafts.RequireDraftAsync(user, courseId);
            return TypedResults.Ok(new LessonPreviewDto(Previews.LessonHtml(courseId, request.Markdown ?? string.Empty)));
        }).WithSummary("Renders a lesson's Markdown (with math) as learners will see it, for the editor's live preview.");
        api.MapPost("/preview/items", async (string courseId, ItemsPreviewRequest request, ClaimsPrincipal user, AuthoringService drafts) =>
        {
            var files = await drafts.FilesAsync(user, courseId);
            return TypedResults.Ok(Previews.Items(files, ItemsPath(request.File ?? string.Empty), request.Text ?? string.Empty));
        }).WithSummary("Checks an items file as edited (not saved) and shows generated variants of its items with their answers.");
        return app;
    }

    /// <summary>items/&lt;file&gt; for a file name of an items file, refused otherwise.</summary>
    public static string ItemsPath(string file)
    {
        var path = $"items/{file}";
        return CourseFiles.PathProblem(path) is null && path.Count(c => c == '/') == 1 ? path : throw LearningException.Invalid($"'{file}' is not the name of an items file (items/<name>.yaml).");
    }

    /// <summary>Runs a form's action and redirects to where it leads; a refusal goes back to <paramref name="back"/> with its message.</summary>
    private static async Task<IResult> Form(Func<Task<string>> action, string back, string fragment = "")
    {
        try
        {
            return Results.Redirect(await action());
        }
        catch (LearningException ex) when (ex.Status is StatusCodes.Status400BadRequest or StatusCodes.Status409Conflict or StatusCodes.Status413PayloadTooLarge)
        {
            var separator = back.Contains('?', StringComparison.Ordinal) ? '&' : '?';
            return Results.Redirect($"{back}{separator}error={Uri.EscapeDataString(ex.Message)}{fragment}");
        }
        catch (LearningException ex) when (ex.Status == StatusCodes.Status404NotFound)
        {
            return Results.NotFound();
        }
    }

    private static RouteHandlerBuilder WithFilter(this RouteHandlerBuilder builder) => builder.AddEndpointFilter(async (context, next) =>
    {
        try
        {
            return await next(context);
        }
        catch (LearningException ex)
        {
            return Results.StatusCode(ex.Status);
        }
    });
}

public sealed record LessonPreviewRequest(string? Markdown);

public sealed record LessonPreviewDto(string Html);

public sealed record ItemsPreviewRequest(string? File, string? Text);
