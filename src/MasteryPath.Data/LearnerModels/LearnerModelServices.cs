using Microsoft.Extensions.DependencyInjection;

namespace MasteryPath.Data.LearnerModels;

public static class LearnerModelServices
{
    /// <summary>The job queue, the model store and the fitting service, per scope (they share its database context).</summary>
    public static IServiceCollection AddLearnerModelStore(this IServiceCollection services) =>
        services.AddScoped<BackgroundJobQueue>().AddScoped<LearnerModelStore>().AddScoped<LearnerModelFitting>();
}
