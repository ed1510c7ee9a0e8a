using System.Security.Claims;
using System.Text;
using MasteryPath.Web.Accounts;
using MasteryPath.Web.Api;
using MasteryPath.Web.Learning;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace MasteryPath.Web.Teaching;

public sealed record ClassSettingsRequest(string? Name, IReadOnlyList<string>? Courses, double? MasteryProbability, double? CheckPassRatio, IReadOnlyList<Band>? Bands, int? StuckAfterWrongInARow = null, int? ReteachMinLearners = null);

public sealed record ClassSettingsDto(long Id, string Name, IReadOnlyList<string> Courses, double? MasteryProbability, double? CheckPassRatio, IReadOnlyList<Band> Bands, string JoinCode, int Learners, int? StuckAfterWrongInARow = null, int? ReteachMinLearners = null);

public sealed record JoinCodeDto(long ClassId, string JoinCode);

public sealed record AddLearnerRequest(string? Email, string? Name, string? Password);

public sealed record MemberDto(string LearnerId, string Name, string Email, DateTimeOffset JoinedAt);

/// <summary>
/// One roster row's result. <c>Status</c> is "invited" or "already-member"; <c>LearnerId</c> is given only for members,
/// <c>InvitationId</c> only for invitations. <c>Code</c>, shown once, is the learner's first password if they are new,
/// or the personal code that accepts the invitation on the join page if they already had an account: the answer does
/// not say which, so that it does not reveal which emails have accounts.
/// </summary>
public sealed record RosterChangeDto(string? LearnerId, long? InvitationId, string Email, string Name, string Status, string? Code, string Where);

public sealed record RosterResultDto(IReadOnlyList<RosterChangeDto> Learners, IReadOnlyList<string> Notes, IReadOnlyList<string> Removed);

/// <summary>
/// A roster as CSV text: either <c>Csv</c> (<c>email,name[,password]</c>), or OneRoster 1.1 or 1.2's
/// <c>Users</c>, <c>Classes</c>, <c>Enrollments</c> and <c>Manifest</c> files (or <c>ZipBase64</c>, the SIS's .zip) with
/// <c>OneRosterClass</c>, the sourcedId or title of the class to import when classes.csv has several.
/// </summary>
public sealed record RosterImportRequest(string? Csv, string? Users, string? Classes, string? Enrollments, string? ZipBase64, string? OneRosterClass, string? Manifest = null);

public sealed record JoinRequest(string? Code);

public sealed record JoinedDto(long ClassId, string Name, IReadOnlyList<string> Courses, bool AlreadyMember);

/// <summary>Creating classes, their settings and rosters: the teacher's forms, the learner's join form, and the JSON API.</summary>
public static class ClassEndpoints
{
    /// <summary>Uploads bigger than this are refused before they are read; files are checked against <see cref="RosterFiles.MaxFileBytes"/> one by one.</summary>
    public const long MaxUploadBytes = 8 * 1024 * 1024;

    public static IServiceCollection AddClasses(this IServiceCollection services) =>
        services.AddScoped<ClassService>().AddSingleton<RosterOutcomes>();

    public static IEndpointRouteBuilder MapClasses(this IEndpointRouteBuilder app)
    {
        MapForms(app);
        MapApi(app);
        app.MapInvitations();
        return app;
    }

    private static void MapForms(IEndpointRouteBuilder app)
    {
        var forms = app.MapGroup("/forms/teach/classes").RequireAuthorization(Roles.Teacher).ExcludeFromDescription();
        forms.MapPost("/new", async (IFormCollection form, ClaimsPrincipal user, ClassService classes) =>
        {
            try
            {
                var created = await classes.CreateAsync(user, SettingsFrom(form));
                return Results.Redirect($"/teach/classes/{created.Id}/roster?created=1");
            }
            catch (LearningException ex) when (ex.Status == StatusCodes.Status400BadRequest)
            {
                return Results.Redirect("/teach/classes/new" + EchoQuery(form, ex.Message));
            }
        });

        forms.MapPost("/{classId:long}/settings", async (long classId, IFormCollection form, ClaimsPrincipal user, ClassService classes) =>
        {
            try
            {
                await classes.UpdateSettingsAsync(user, classId, SettingsFrom(form));
                return Results.Redirect($"/teach/classes/{classId}/settings?saved=1");
            }
            catch (LearningException ex) when (ex.Status == StatusCodes.Status400BadRequest)
            {
                return Results.Redirect($"/teach/classes/{classId}/settings" + EchoQuery(form, ex.Message));
            }
        });

        forms.MapPost("/{classId:long}/join-code", async (long classId, IFormCollection form, ClaimsPrincipal user, ClassService classes) =>
        {
            await classes.RegenerateJoinCodeAsync(user, classId);
            return Results.Redirect($"/teach/classes/{classId}/roster?code=new#join-code");
        });

        forms.MapPost("/{classId:long}/learners", async (long classId, [FromForm] string? email, [FromForm] string? name, ClaimsPrincipal user, ClassService classes, RosterOutcomes outcomes) =>
        {
            var outcome = await classes.AddByEmailAsync(user, classId, email, name);
            return ToRosterPage(classId, user, outcomes, outcome);
        });

        forms.MapPost("/{classId:long}/learners/{learnerId}/remove", async (long classId, string learnerId, IFormCollection form, ClaimsPrincipal user, ClassService classes) =>
        {
            await classes.RemoveAsync(user, classId, learnerId);
            return Results.Redirect($"/teach/classes/{classId}/roster?removed=1");
        });

        // The upload forms read their body themselves (antiforgery included), so that a body over the limit
        // gets the roster page's "too large" problem instead of a bare 400 from form binding.
        forms.MapPost("/{classId:long}/roster/oneroster", async (long classId, HttpContext context, IAntiforgery antiforgery, ClaimsPrincipal user, ClassService classes, RosterOutcomes outcomes) =>
        {
            var (form, tooLarge) = await ReadUploadFormAsync(context, antiforgery);
            var outcome = form is null ? await classes.ImportAsync(user, classId, _ => new RosterPlan([], [tooLarge!], []), "OneRoster import") : await ImportOneRosterAsync(classId, form, user, classes);
            return ToRosterPage(classId, user, outcomes, outcome);
        }).WithMetadata(new RequestSizeLimitAttribute(MaxUploadBytes));

        forms.MapPost("/{classId:long}/roster/csv", async (long classId, HttpContext context, IAntiforgery antiforgery, ClaimsPrincipal user, ClassService classes, RosterOutcomes outcomes) =>
        {
            var (form, tooLarge) = await ReadUploadFormAsync(context, antiforgery);
            var outcome = form is null ? await classes.ImportAsync(user, classId, _ => new RosterPlan([], [tooLarge!], []), "CSV import") : await ImportSimpleAsync(classId, form, user, classes);
            return ToRosterPage(classId, user, outcomes, outcome);
        }).WithMetadata(new RequestSizeLimitAttribute(MaxUploadBytes));

        app.MapPost("/forms/join", async ([FromForm] string? code, ClaimsPrincipal user, ClassService classes) =>
        {
            try
            {
                var (joined, already) = await classes.JoinAsync(user, code);
                return Results.Redirect($"/join?joined={joined.Id}{(already ? "&already=1" : "")}");
            }
            catch (LearningException ex) when (ex.Status is StatusCodes.Status400BadRequest or StatusCodes.Status404NotFound)
            {
                return Results.Redirect($"/join?error={Uri.EscapeDataString(ex.Message)}&code={Uri.EscapeDataString(code ?? string.Empty)}");
            }
        }).ExcludeFromDescription();
    }

    private static void MapApi(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/teach").WithTags("Classes").RequireAuthorization(Roles.Teacher).WithProblemDetails();
        api.MapPost("/classes", async Task<Created<ClassSettingsDto>> (ClassSettingsRequest request, ClaimsPrincipal user, ClassService classes) =>
        {
            var created = await classes.CreateAsync(user, SettingsFrom(request));
            return TypedResults.Created($"/api/teach/classes/{created.Id}/settings", ToDto(created));
        }).WithSummary("Creates a class of the signed-in teacher: name, courses, mastery bar (masteryProbability 0.5–0.99, checkPassRatio 0.5–1; null keeps each course's) and display bands [{label, min}] (empty for the defaults).");

        api.MapGet("/classes/{classId:long}/settings", async (long classId, ClaimsPrincipal user, TeachingService teaching) =>
            TypedResults.Ok(ToDto(await teaching.GetClassAsync(user, classId))))
            .WithSummary("The class's settings and join code.");

        api.MapPut("/classes/{classId:long}/settings", async (long classId, ClassSettingsRequest request, ClaimsPrincipal user, ClassService classes, TeachingService teaching) =>
        {
            await classes.UpdateSettingsAsync(user, classId, SettingsFrom(request));
            return TypedResults.Ok(ToDto(await teaching.GetClassAsync(user, classId)));
        }).WithSummary("Replaces the class's settings. A new mastery bar applies at once: every learner's state is recomputed from the raw evidence.");

        api.MapPost("/classes/{classId:long}/join-code", async (long classId, ClaimsPrincipal user, ClassService classes) =>
            TypedResults.Ok(new JoinCodeDto(classId, await classes.RegenerateJoinCodeAsync(user, classId))))
            .WithSummary("Makes a new join code; the old one stops working.");

        api.MapGet("/classes/{classId:long}/learners", async (long classId, ClaimsPrincipal user, ClassService classes, TeachingService teaching) =>
            TypedResults.Ok((await classes.MembersAsync(await teaching.GetClassAsync(user, classId))).Select(m => new MemberDto(m.LearnerId, m.Name, m.Email, m.JoinedAt)).ToList()))
            .WithSummary("The learners of the class.");

        api.MapPost("/classes/{classId:long}/learners", async (long classId, AddLearnerRequest request, ClaimsPrincipal user, ClassService classes) =>
            ToResult(await classes.AddByEmailAsync(user, classId, request.Email, request.Name, request.Password)))
            .WithSummary("Invites a learner by email; they join when they accept. An unknown email gets a new learner account (with the given password if it meets the rules) whose first sign-in accepts. Without a password the answer holds a code, shown once: a new account's first password, or the personal code that accepts on the join page. The answer is the same whether or not the email had an account.");

        api.MapDelete("/classes/{classId:long}/learners/{learnerId}", async (long classId, string learnerId, ClaimsPrincipal user, ClassService classes) =>
        {
            await classes.RemoveAsync(user, classId, learnerId);
            return TypedResults.NoContent();
        }).WithSummary("Removes a learner from the class; their account, enrollments and evidence are kept.");

        api.MapPost("/classes/{classId:long}/roster", async (long classId, RosterImportRequest request, ClaimsPrincipal user, ClassService classes) =>
            ToResult(await ImportFromRequestAsync(classId, request, user, classes)))
            .WithSummary("Imports a roster given as CSV text: a simple CSV (email,name[,password]) or OneRoster 1.2 users/classes/enrollments (or a base64 .zip). Every learner is invited (see the add-by-email endpoint). All or nothing: 400 with a 'problems' list of {file, line, reason} when any row is bad.");

        app.MapPost("/api/join", async (JoinRequest request, ClaimsPrincipal user, ClassService classes) =>
        {
            var (joined, already) = await classes.JoinAsync(user, request.Code);
            return TypedResults.Ok(new JoinedDto(joined.Id, joined.Name, joined.Courses.Select(c => c.CourseId).Order(StringComparer.Ordinal).ToList(), already));
        }).WithTags("Learning").WithProblemDetails().WithSummary("The signed-in learner joins the class with this join code and is enrolled in its courses.");
    }


    private static Results<Ok<RosterResultDto>, ProblemHttpResult> ToResult(RosterOutcome outcome)
    {
        if (!outcome.Succeeded)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "The roster has problems",
                detail: $"{outcome.Problems.Count} problem(s); nothing was imported.",
                extensions: new Dictionary<string, object?>
                {
                    ["problems"] = outcome.Problems.Select(p => new { file = p.File, line = p.Line, reason = p.Reason }).ToList(),
                    ["notes"] = outcome.Notes,
                    ["classChoices"] = outcome.ClassChoices.Select(c => new { sourcedId = c.SourcedId, title = c.Title, students = c.Students }).ToList(),
                });
        }

        return TypedResults.Ok(new RosterResultDto(
            outcome.Learners.Select(l => new RosterChangeDto(l.LearnerId, l.InvitationId, l.Email, l.Name, l.Status, l.Code, l.Where)).ToList(),
            outcome.Notes,
            outcome.Removed));
    }

    private static IResult ToRosterPage(long classId, ClaimsPrincipal user, RosterOutcomes outcomes, RosterOutcome outcome) =>
        Results.Redirect($"/teach/classes/{classId}/roster?outcome={outcomes.Keep(user.UserId(), outcome)}#outcome");

    private static ClassSettingsDto ToDto(Data.SchoolClass c) => new(
        c.Id,
        c.Name,
        c.Courses.Select(x => x.CourseId).Order(StringComparer.Ordinal).ToList(),
        c.MasteryProbability,
        c.CheckPassRatio,
        ClassBands.Parse(c.BandsJson),
        c.JoinCode,
        c.Members.Count,
        c.StuckAfterWrongInARow,
        c.ReteachMinLearners);

    private static ClassSettings SettingsFrom(ClassSettingsRequest request) =>
        new(request.Name ?? string.Empty, request.Courses ?? [], request.MasteryProbability, request.CheckPassRatio, request.Bands ?? [], request.StuckAfterWrongInARow, request.ReteachMinLearners);

    /// <summary>The settings form: name, course (several), masteryProbability, checkPassRatio, and bandLabel/bandMin pairs (blank rows skipped).</summary>
    private static ClassSettings SettingsFrom(IFormCollection form)
    {
        var labels = form["bandLabel"];
        var mins = form["bandMin"];
        var bands = new List<Band>();
        for (var i = 0; i < Math.Max(labels.Count, mins.Count); i++)
        {
            var label = i < labels.Count ? labels[i] ?? string.Empty : string.Empty;
            var min = i < mins.Count ? mins[i] : null;
            if (string.IsNullOrWhiteSpace(label) && string.IsNullOrWhiteSpace(min))
            {
                continue;
            }

            bands.Add(new Band(label.Trim(), ClassSettings.ParseNumber(min, $"Band {bands.Count + 1}'s minimum") ?? double.NaN));
        }

        return new ClassSettings(
            form["name"].ToString(),
            form["course"].Where(c => !string.IsNullOrEmpty(c)).Select(c => c!).ToList(),
            ClassSettings.ParseNumber(form["masteryProbability"], "The mastery probability"),
            ClassSettings.ParseNumber(form["checkPassRatio"], "The pass ratio"),
            bands,
            ClassSettings.ParseWhole(form["stuckAfterWrongInARow"], "'Needs help after'"),
            ClassSettings.ParseWhole(form["reteachMinLearners"], "The re-teach group size"));
    }

    /// <summary>Sends the typed values back to the form with the error, so that nothing has to be typed again.</summary>
    private static string EchoQuery(IFormCollection form, string error)
    {
        var pairs = new List<KeyValuePair<string, string?>> { new("error", error) };
        foreach (var key in new[] { "name", "course", "masteryProbability", "checkPassRatio", "stuckAfterWrongInARow", "reteachMinLearners", "bandLabel", "bandMin" })
        {
            pairs.AddRange(form[key].Select(v => new KeyValuePair<string, string?>(key, v ?? string.Empty)));
        }

        return QueryString.Create(pairs).ToUriComponent();
    }

    private static async Task<RosterOutcome> ImportOneRosterAsync(long classId, IFormCollection form, ClaimsPrincipal user, ClassService classes)
    {
        var problems = new List<RosterProblem>();
        var zip = await ReadUploadAsync(form.Files.GetFile("zip"), "roster.zip", problems, keepName: true);
        var files = new List<RosterFile>();
        foreach (var (field, name) in new[] { ("users", RosterFiles.UsersFile), ("classes", RosterFiles.ClassesFile), ("enrollments", RosterFiles.EnrollmentsFile), ("manifest", OneRosterBundle.ManifestFile) })
        {
            if (await ReadUploadAsync(form.Files.GetFile(field), name, problems) is { } file)
            {
                files.Add(file);
            }
        }

        // The "all the files of the export" input takes any number of CSVs under their own names.
        foreach (var upload in form.Files.GetFiles("files"))
        {
            if (await ReadUploadAsync(upload, "file.csv", problems, keepName: true) is { } file)
            {
                files.Add(file);
            }
        }

        return await ImportOneRosterAsync(classId, zip, files, form["oneRosterClass"], problems, user, classes);
    }

    private static async Task<RosterOutcome> ImportOneRosterAsync(long classId, RosterFile? zip, List<RosterFile> files, string? classHint, List<RosterProblem> problems, ClaimsPrincipal user, ClassService classes)
    {
        var bundle = OneRosterBundle.FromFiles(files, problems);
        if (zip is not null)
        {
            if (files.Count > 0)
            {
                problems.Add(new RosterProblem(zip.Name, 0, "upload either the .zip or the CSV files, not both"));
            }
            else
            {
                bundle = OneRosterBundle.FromZip(zip, problems);
            }
        }

        return await classes.ImportAsync(
            user,
            classId,
            schoolClass => problems.Count > 0
                ? new RosterPlan([], problems, [])
                : OneRosterReader.Read(bundle, classHint, schoolClass.OneRosterSourcedId, schoolClass.Name, requireAll: false),
            "OneRoster import");
    }

    private static async Task<RosterOutcome> ImportSimpleAsync(long classId, IFormCollection form, ClaimsPrincipal user, ClassService classes)
    {
        var problems = new List<RosterProblem>();
        var upload = form.Files.GetFile("csv");
        var file = await ReadUploadAsync(upload, "roster.csv", problems, keepName: true);
        if (file is null && problems.Count == 0)
        {
            problems.Add(new RosterProblem("roster.csv", 0, "choose a CSV file (email,name[,password])"));
        }

        return await classes.ImportAsync(user, classId, _ => problems.Count > 0 ? new RosterPlan([], problems, []) : RosterFiles.ReadSimple(file!), "CSV import");
    }

    private static async Task<RosterOutcome> ImportFromRequestAsync(long classId, RosterImportRequest request, ClaimsPrincipal user, ClassService classes)
    {
        var problems = new List<RosterProblem>();
        RosterFile? Text(string? text, string name) => string.IsNullOrEmpty(text) ? null : new RosterFile(name, Encoding.UTF8.GetBytes(text));
        if (!string.IsNullOrEmpty(request.Csv))
        {
            var csv = Text(request.Csv, "roster.csv")!;
            return await classes.ImportAsync(user, classId, _ => RosterFiles.ReadSimple(csv), "CSV import");
        }

        RosterFile? zip = null;
        if (!string.IsNullOrEmpty(request.ZipBase64))
        {
            try
            {
                zip = new RosterFile("roster.zip", Convert.FromBase64String(request.ZipBase64));
                if (RosterFiles.CheckSize(zip.Name, zip.Content.LongLength) is { } tooLarge)
                {
                    problems.Add(tooLarge);
                    zip = null;
                }
            }
            catch (FormatException)
            {
                problems.Add(new RosterProblem("roster.zip", 0, "zipBase64 is not base64"));
            }
        }

        var files = new[] { Text(request.Users, RosterFiles.UsersFile), Text(request.Classes, RosterFiles.ClassesFile), Text(request.Enrollments, RosterFiles.EnrollmentsFile), Text(request.Manifest, OneRosterBundle.ManifestFile) }.OfType<RosterFile>().ToList();
        return await ImportOneRosterAsync(classId, zip, files, request.OneRosterClass, problems, user, classes);
    }

    /// <summary>The posted form after its antiforgery token was checked, or, when the body is over <see cref="MaxUploadBytes"/>, the problem to show.</summary>
    private static async Task<(IFormCollection? Form, RosterProblem? TooLarge)> ReadUploadFormAsync(HttpContext context, IAntiforgery antiforgery)
    {
        var size = context.Request.ContentLength is { } length ? $"{length / (1024.0 * 1024):0.0} MB" : $"over {MaxUploadBytes / (1024 * 1024)} MB";
        var tooLarge = new RosterProblem("upload", 0, $"the upload is {size}; roster files are limited to {RosterFiles.SizeLimitText} each");
        if (context.Request.ContentLength > MaxUploadBytes)
        {
            return (null, tooLarge);
        }

        try
        {
            await antiforgery.ValidateRequestAsync(context);
            return (await context.Request.ReadFormAsync(), null);
        }
        catch (Exception ex) when (IsTooLarge(ex))
        {
            return (null, tooLarge);
        }
        catch (AntiforgeryValidationException)
        {
            throw LearningException.Invalid("The form was out of date: reload the page and upload again.");
        }
    }

    private static bool IsTooLarge(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The uploaded file's bytes, or null when none was chosen; a file over the limit is a problem.</summary>
    private static async Task<RosterFile?> ReadUploadAsync(IFormFile? upload, string name, List<RosterProblem> problems, bool keepName = false)
    {
        if (upload is null || upload.Length == 0)
        {
            return null;
        }

        var shownName = keepName && !string.IsNullOrWhiteSpace(upload.FileName) ? Path.GetFileName(upload.FileName) : name;
        if (RosterFiles.CheckSize(shownName, upload.Length) is { } tooLarge)
        {
            problems.Add(tooLarge);
            return null;
        }

        using var buffer = new MemoryStream();
        await upload.CopyToAsync(buffer);
        return new RosterFile(shownName, buffer.ToArray());
    }
}
