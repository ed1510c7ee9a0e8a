using MasteryPath.Web.Accounts;
using MasteryPath.Web.Learning;
using Microsoft.AspNetCore.Components;

namespace MasteryPath.Web.Components;

/// <summary>A server-rendered page for the signed-in learner, with the learning service at hand.</summary>
public abstract class LearnerPage : PreloadedPage
{
    [Inject]
    public required LearningService Learning { get; set; }

    [Inject]
    public required NavigationManager Navigation { get; set; }

    protected string UserId => (HttpContext ?? throw new InvalidOperationException("Pages render on the server.")).User.UserId();

    protected override Task LoadAsync() => Task.CompletedTask;

    protected static string Percent(double p) => $"{p * 100:0}%";
}
