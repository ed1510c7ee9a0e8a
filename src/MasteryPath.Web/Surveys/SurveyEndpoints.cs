using System.Security.Claims;
using MasteryPath.Web.Accounts;
using MasteryPath.Web.Api;
using Microsoft.AspNetCore.Mvc;

namespace MasteryPath.Web.Surveys;

public sealed record SurveyQuestionDto(string Id, string Kind, string Text, IReadOnlyList<string> Options);

public sealed record SurveySummaryDto(long Id, long ClassId, string Title, bool Anonymous, DateTimeOffset CreatedAt, int Questions, int Responses);

public sealed record CreateSurveyRequest(string Title, bool Anonymous, IReadOnlyList<QuestionInput> Questions);

public sealed record OptionCountDto(string Value, string Label, int Count, double Percent);

public sealed record TextAnswerDto(string? Learner, string Text);

public sealed record QuestionResultDto(SurveyQuestionDto Question, int Answered, IReadOnlyList<OptionCountDto> Counts, double? Mean, IReadOnlyList<TextAnswerDto> Texts);

public sealed record SurveyResultsDto(long Id, string Title, bool Anonymous, int Responses, int Learners, IReadOnlyList<QuestionResultDto> Questions);

public sealed record SkillRatingsDto(string SkillId, string Title, int Count, IReadOnlyList<int> Distribution, double? Mean, IReadOnlyList<string> Comments);

public sealed record ClassRatingsDto(long ClassId, string CourseId, int Raters, IReadOnlyList<SkillRatingsDto> Skills);

public sealed record LearnerSurveyDto(long Id, string Title, string Class, bool Anonymous, bool Answered, IReadOnlyList<SurveyQuestionDto> Questions);

public sealed record SurveyAnswersRequest(IReadOnlyDictionary<string, string?> Answers);

public sealed record LessonRatingRequest(int Rating, string? Comment);

public sealed record LessonRatingDto(string CourseId, string SkillId, int Rating, string? Comment, DateTimeOffset At);

/// <summary>Surveys and lesson ratings: the pages' form targets (post/redirect/get) and the JSON API.</summary>
public static class SurveyEndpoints
{
    /// <summary>Question rows on the create form.</summary>
    public const int FormQuestionRows = 8;

    public static IEndpointRouteBuilder MapSurveys(this IEndpointRouteBuilder app)
    {
        MapForms(app);

        var teach = app.MapGroup("/api/teach/classes/{classId:long}").WithTags("Surveys").RequireAuthorization(Roles.Teacher).WithProblemDetails();
        teach.MapGet("/surveys", async (long classId, ClaimsPrincipal user, SurveyService surveys) =>
                TypedResults.Ok((await surveys.ListAsync(user, classId)).Surveys.Select(ToDto).ToList()))
            .WithSummary("The class's surveys with their response counts.");
        teach.MapPost("/surveys", async (long classId, CreateSurveyRequest request, ClaimsPrincipal user, SurveyService surveys) =>
            {
                var survey = await surveys.CreateAsync(user, classId, request.Title, request.Anonymous, request.Questions ?? []);
                return TypedResults.Created($"/api/teach/classes/{classId}/surveys/{survey.Id}/results", ToDto(new SurveySummary(survey, SurveyQuestions.Parse(survey.QuestionsJson).Count, 0)));
            })
            .WithSummary("Creates a survey for the class: questions of kind likert (1–5 agree scale), choice (with options) or text.");
        teach.MapGet("/surveys/{surveyId:long}/results", async (long classId, long surveyId, ClaimsPrincipal user, SurveyService surveys) =>
                TypedResults.Ok(ToDto(await surveys.ResultsAsync(user, classId, surveyId))))
            .WithSummary("A survey's results: counts and percentages per option or Likert level (with the mean), and the free-text answers (without names on an anonymous survey).");
        teach.MapGet("/ratings", async (long classId, string? course, ClaimsPrincipal user, LessonRatingService ratings) =>
            {
                var r = await ratings.ForClassAsync(user, classId, course);
                return TypedResults.Ok(new ClassRatingsDto(r.Class.Id, r.Course.Id, r.Raters, r.Skills.Select(s => new SkillRatingsDto(s.Skill.Value, s.Title, s.Count, s.Distribution, s.Mean, s.Comments)).ToList()));
            })
            .WithSummary("The class's learners' lesson ratings per skill: distribution of 1–5, mean and comments.");

        var learner = app.MapGroup("/api").WithTags("Surveys").WithProblemDetails();
        learner.MapGet("/surveys", async (ClaimsPrincipal user, SurveyService surveys) =>
                TypedResults.Ok((await surveys.ForLearnerAsync(user.UserId())).Select(ToDto).ToList()))
            .WithSummary("The surveys of the signed-in learner's classes, unanswered first.");
        learner.MapGet("/surveys/{surveyId:long}", async (long surveyId, ClaimsPrincipal user, SurveyService surveys) =>
                TypedResults.Ok(ToDto(await surveys.GetForLearnerAsync(user.UserId(), surveyId))))
            .WithSummary("One survey of the learner's classes with its questions.");
        learner.MapPost("/surveys/{surveyId:long}/responses", async (long surveyId, SurveyAnswersRequest request, ClaimsPrincipal user, SurveyService surveys) =>
            {
                await surveys.SubmitAsync(user.UserId(), surveyId, request.Answers ?? new Dictionary<string, string?>());
                return TypedResults.NoContent();
            })
            .WithSummary("Answers a survey, once: answers by question id (Likert \"1\"–\"5\", a choice's option text, free text). A second answer is refused with 409.");
        learner.MapGet("/courses/{courseId}/skills/{skillId}/rating", async (string courseId, string skillId, ClaimsPrincipal user, LessonRatingService ratings) =>
                await ratings.GetAsync(user.UserId(), courseId, skillId) is { } r ? Results.Ok(ToDto(r)) : Results.NoContent())
            .Produces<LessonRatingDto>()
            .Produces(StatusCodes.Status204NoContent)
            .WithSummary("The learner's rating of the lesson, or 204 when not rated yet.");
        learner.MapPut("/courses/{courseId}/skills/{skillId}/rating", async (string courseId, string skillId, LessonRatingRequest request, ClaimsPrincipal user, LessonRatingService ratings) =>
                TypedResults.Ok(ToDto(await ratings.RateAsync(user.UserId(), courseId, skillId, request.Rating, request.Comment))))
            .WithSummary("Rates the lesson 1–5 with an optional comment; a re-rating replaces the previous one.");
        return app;
    }

    private static void MapForms(IEndpointRouteBuilder app)
    {
        var forms = app.MapGroup("/forms").ExcludeFromDescription();
        forms.MapPost("/teach/classes/{classId:long}/surveys", async (long classId, IFormCollection form, ClaimsPrincipal user, SurveyService surveys) =>
        {
            var questions = Enumerable.Range(0, FormQuestionRows).Select(i => new QuestionInput(
                Enum.TryParse<QuestionKind>(form[$"kind{i}"], ignoreCase: true, out var kind) ? kind : QuestionKind.Likert,
                form[$"text{i}"],
                ((string?)form[$"options{i}"] ?? string.Empty).Split('\n')));
            var survey = await surveys.CreateAsync(user, classId, form["title"], form["anonymous"] == "true", questions);
            return Results.Redirect($"/teach/classes/{classId}/surveys/{survey.Id}?created=1");
        }).RequireAuthorization(Roles.Teacher);

        forms.MapPost("/surveys/{surveyId:long}", async (long surveyId, IFormCollection form, ClaimsPrincipal user, SurveyService surveys) =>
        {
            var answers = form.Keys.Where(k => k.StartsWith("answer-", StringComparison.Ordinal)).ToDictionary(k => k["answer-".Length..], k => (string?)form[k], StringComparer.Ordinal);
            await surveys.SubmitAsync(user.UserId(), surveyId, answers);
            return Results.Redirect($"/surveys?done={surveyId}");
        });

        forms.MapPost("/courses/{courseId}/skills/{skillId}/rating", async (string courseId, string skillId, [FromForm] int? rating, [FromForm] string? comment, ClaimsPrincipal user, LessonRatingService ratings) =>
        {
            await ratings.RateAsync(user.UserId(), courseId, skillId, rating ?? 0, comment);
            return Results.Redirect($"/courses/{Uri.EscapeDataString(courseId)}/skills/{Uri.EscapeDataString(skillId)}?rated=1#rating");
        });
    }

    private static SurveyQuestionDto ToDto(SurveyQuestion q) => new(q.Id, q.Kind.ToString().ToLowerInvariant(), q.Text, q.Options);

    private static SurveySummaryDto ToDto(SurveySummary s) => new(s.Survey.Id, s.Survey.ClassId, s.Survey.Title, s.Survey.Anonymous, s.Survey.CreatedAt, s.Questions, s.Responses);

    private static LearnerSurveyDto ToDto(LearnerSurvey s) => new(s.Survey.Id, s.Survey.Title, s.ClassName, s.Survey.Anonymous, s.Answered, s.Questions.Select(ToDto).ToList());

    private static LessonRatingDto ToDto(Data.LessonRating r) => new(r.CourseId, r.SkillId, r.Rating, r.Comment, r.At);

    private static SurveyResultsDto ToDto(SurveyResults r) => new(
        r.Survey.Id,
        r.Survey.Title,
        r.Survey.Anonymous,
        r.Responses,
        r.Learners,
        r.Questions.Select(q => new QuestionResultDto(
            ToDto(q.Question),
            q.Answered,
            q.Counts.Select(c => new OptionCountDto(c.Value, c.Label, c.Count, c.Percent)).ToList(),
            q.Mean,
            q.Texts.Select(t => new TextAnswerDto(t.Learner, t.Text)).ToList())).ToList());
}
