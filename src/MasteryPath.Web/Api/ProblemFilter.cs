using MasteryPath.Web.Learning;

namespace MasteryPath.Web.Api;

/// <summary>Turns a refused request (<see cref="LearningException"/>) into ProblemDetails with its status, for the JSON API.</summary>
public static class ProblemFilter
{
    public static TBuilder WithProblemDetails<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            try
            {
                return await next(context);
            }
            catch (LearningException ex)
            {
                return TypedResults.Problem(statusCode: ex.Status, title: ex.Title, detail: ex.Message);
            }
        });
}
