using MasteryPath.Web.Accounts;
using MasteryPath.Web.Learning;
using Microsoft.AspNetCore.Components;

namespace MasteryPath.Web.Components;

/// <summary>A server-rendered page for the signed-in user.</summary>
public abstract class LearnerPage : ComponentBase
{
    [CascadingParameter]
    public HttpContext? HttpContext { get; set; }

    [Inject]
    public required LearningService Learning { get; set; }

    [Inject]
    public required NavigationManager Navigation { get; set; }

    protected string UserId => (HttpContext ?? throw new InvalidOperationException("Pages render on the server.")).User.UserId();

    protected static string Percent(double p) => $"{p * 100:0}%";
}
