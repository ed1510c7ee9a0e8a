using System.Security.Claims;
using MasteryPath.Data;
using MasteryPath.Web.Accounts;
using MasteryPath.Web.Learning;
using MasteryPath.Web.Teaching;
using Microsoft.EntityFrameworkCore;

namespace MasteryPath.Web.Surveys;

/// <summary>A survey in a list, with how many have answered.</summary>
public sealed record SurveySummary(Survey Survey, int Questions, int Responses);

/// <summary>A survey as a learner sees it.</summary>
public sealed record LearnerSurvey(Survey Survey, string ClassName, IReadOnlyList<SurveyQuestion> Questions, bool Answered);

/// <summary>How many chose one option or Likert level, and their share of those who answered the question.</summary>
public sealed record OptionCount(string Value, string Label, int Count, double Percent);

/// <summary>A free-text answer; <paramref name="Learner"/> is null on an anonymous survey.</summary>
public sealed record TextAnswer(string? Learner, string Text);

/// <summary>The answers to one question: a distribution (and a mean on a Likert scale) or the texts.</summary>
public sealed record QuestionResult(SurveyQuestion Question, int Answered, IReadOnlyList<OptionCount> Counts, double? Mean, IReadOnlyList<TextAnswer> Texts);

public sealed record SurveyResults(SchoolClass Class, Survey Survey, int Responses, int Learners, IReadOnlyList<QuestionResult> Questions);

/// <summary>
/// Teacher-defined class surveys. A learner answers a survey of their class once: the <see cref="SurveyCompletion"/>
/// row (primary key survey + learner) refuses a second answer, and on an anonymous survey it is the only trace of who
/// answered: the <see cref="SurveyResponse"/> has no user.
/// </summary>
public sealed class SurveyService(MasteryPathDb db, TeachingService teaching, TimeProvider time)
{
    public async Task<(SchoolClass Class, IReadOnlyList<SurveySummary> Surveys)> ListAsync(ClaimsPrincipal teacher, long classId, CancellationToken cancellationToken = default)
    {
        var schoolClass = await teaching.GetClassAsync(teacher, classId, cancellationToken);
        var surveys = await db.Surveys.AsNoTracking().Where(s => s.ClassId == classId).OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id).ToListAsync(cancellationToken);
        var ids = surveys.Select(s => s.Id).ToList();
        var counts = await db.SurveyResponses.AsNoTracking().Where(r => ids.Contains(r.SurveyId)).GroupBy(r => r.SurveyId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        return (schoolClass, surveys.Select(s => new SurveySummary(s, SurveyQuestions.Parse(s.QuestionsJson).Count, counts.GetValueOrDefault(s.Id))).ToList());
    }

    public async Task<Survey> CreateAsync(ClaimsPrincipal teacher, long classId, string? title, bool anonymous, IEnumerable<QuestionInput> questions, CancellationToken cancellationToken = default)
    {
        var schoolClass = await teaching.GetClassAsync(teacher, classId, cancellationToken);
        title = title?.Trim();
        if (string.IsNullOrEmpty(title) || title.Length > 200)
        {
            throw LearningException.Invalid("A survey needs a title of at most 200 characters.");
        }

        var json = SurveyQuestions.Serialize(SurveyQuestions.Build(questions));
        if (json.Length > 20_000)
        {
            throw LearningException.Invalid("The questions are too long altogether.");
        }

        var survey = new Survey { ClassId = schoolClass.Id, Title = title, Anonymous = anonymous, QuestionsJson = json, CreatedById = teacher.UserId(), CreatedAt = time.GetUtcNow() };
        db.Surveys.Add(survey);
        await db.SaveChangesAsync(cancellationToken);
        return survey;
    }

    public async Task<SurveyResults> ResultsAsync(ClaimsPrincipal teacher, long classId, long surveyId, CancellationToken cancellationToken = default)
    {
        var schoolClass = await teaching.GetClassAsync(teacher, classId, cancellationToken);
        var survey = await db.Surveys.AsNoTracking().SingleOrDefaultAsync(s => s.Id == surveyId && s.ClassId == classId, cancellationToken)
            ?? throw LearningException.NotFound("This class has no such survey.");
        var responses = await db.SurveyResponses.AsNoTracking().Where(r => r.SurveyId == surveyId).OrderBy(r => r.Id).ToListAsync(cancellationToken);
        var userIds = responses.Where(r => r.UserId is not null).Select(r => r.UserId!).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
        var answers = responses.Select(r => (Learner: r.UserId is null ? null : names.GetValueOrDefault(r.UserId, "(left the class)"), Answers: SurveyQuestions.ParseAnswers(r.AnswersJson))).ToList();
        var results = SurveyQuestions.Parse(survey.QuestionsJson).Select(q => Summarize(q, answers, survey.Anonymous)).ToList();
        return new SurveyResults(schoolClass, survey, responses.Count, schoolClass.Members.Count, results);
    }

    /// <summary>Counts and shares per option or Likert level; free-text answers listed (by name unless anonymous).</summary>
    public static QuestionResult Summarize(SurveyQuestion question, IReadOnlyList<(string? Learner, IReadOnlyDictionary<string, string> Answers)> responses, bool anonymous)
    {
        var given = responses.Where(r => r.Answers.ContainsKey(question.Id)).Select(r => (r.Learner, Answer: r.Answers[question.Id])).ToList();
        IReadOnlyList<(string Value, string Label)> scale = question.Kind switch
        {
            QuestionKind.Likert => SurveyQuestions.LikertLabels.Select((label, i) => ((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), $"{i + 1} · {label}")).ToList(),
            QuestionKind.Choice => question.Options.Select(o => (o, o)).ToList(),
            _ => [],
        };
        var counts = scale.Select(s =>
        {
            var count = given.Count(g => g.Answer == s.Value);
            return new OptionCount(s.Value, s.Label, count, given.Count == 0 ? 0 : Math.Round(100.0 * count / given.Count, 1));
        }).ToList();
        double? mean = question.Kind == QuestionKind.Likert && given.Count > 0
            ? Math.Round(given.Average(g => int.Parse(g.Answer, System.Globalization.CultureInfo.InvariantCulture)), 2)
            : null;
        var texts = question.Kind == QuestionKind.Text
            ? given.Select(g => new TextAnswer(anonymous ? null : g.Learner, g.Answer)).ToList()
            : [];
        return new QuestionResult(question, given.Count, counts, mean, texts);
    }

    // ---------- Learners ----------

    /// <summary>The surveys of the learner's classes, unanswered first, newest first.</summary>
    public async Task<IReadOnlyList<LearnerSurvey>> ForLearnerAsync(string userId, CancellationToken cancellationToken = default)
    {
        var classIds = await db.ClassMemberships.AsNoTracking().Where(m => m.LearnerId == userId).Select(m => m.ClassId).ToListAsync(cancellationToken);
        var classes = await db.Classes.AsNoTracking().Where(c => classIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);
        var surveys = await db.Surveys.AsNoTracking().Where(s => classIds.Contains(s.ClassId)).ToListAsync(cancellationToken);
        var answered = (await db.SurveyCompletions.AsNoTracking().Where(c => c.UserId == userId).Select(c => c.SurveyId).ToListAsync(cancellationToken)).ToHashSet();
        return surveys
            .Select(s => new LearnerSurvey(s, classes[s.ClassId], SurveyQuestions.Parse(s.QuestionsJson), answered.Contains(s.Id)))
            .OrderBy(s => s.Answered)
            .ThenByDescending(s => s.Survey.CreatedAt)
            .ThenByDescending(s => s.Survey.Id)
            .ToList();
    }

    /// <summary>A survey of one of the learner's classes; any other survey is not found.</summary>
    public async Task<LearnerSurvey> GetForLearnerAsync(string userId, long surveyId, CancellationToken cancellationToken = default)
    {
        var survey = await db.Surveys.AsNoTracking().SingleOrDefaultAsync(s => s.Id == surveyId && db.ClassMemberships.Any(m => m.ClassId == s.ClassId && m.LearnerId == userId), cancellationToken)
            ?? throw LearningException.NotFound("There is no such survey in your classes.");
        var className = await db.Classes.AsNoTracking().Where(c => c.Id == survey.ClassId).Select(c => c.Name).SingleAsync(cancellationToken);
        var answered = await db.SurveyCompletions.AnyAsync(c => c.SurveyId == surveyId && c.UserId == userId, cancellationToken);
        return new LearnerSurvey(survey, className, SurveyQuestions.Parse(survey.QuestionsJson), answered);
    }

    /// <summary>Records the learner's answers once; a second answer is refused (409).</summary>
    public async Task SubmitAsync(string userId, long surveyId, IReadOnlyDictionary<string, string?> answers, CancellationToken cancellationToken = default)
    {
        var survey = await GetForLearnerAsync(userId, surveyId, cancellationToken);
        if (survey.Answered)
        {
            throw AlreadyAnswered();
        }

        var kept = SurveyQuestions.CheckAnswers(survey.Questions, answers);
        var now = time.GetUtcNow();
        db.SurveyCompletions.Add(new SurveyCompletion { SurveyId = surveyId, UserId = userId });
        db.SurveyResponses.Add(new SurveyResponse
        {
            SurveyId = surveyId,
            UserId = survey.Survey.Anonymous ? null : userId,

            // The exact instant could tie an anonymous response to the moment a learner was seen answering.
            SubmittedAt = survey.Survey.Anonymous ? new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero) : now,
            AnswersJson = SurveyQuestions.SerializeAnswers(kept),
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The completion's key was taken by a concurrent submission: nothing of this one was saved.
            db.ChangeTracker.Clear();
            throw AlreadyAnswered();
        }
    }

    private static LearningException AlreadyAnswered() => LearningException.NotReady("You have already answered this survey.");
}
