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

    /// <summary>
    /// Loads the page's data before its first render. Static SSR renders a component as soon as
    /// <see cref="ComponentBase.OnInitializedAsync"/> yields, so data loaded there is still missing in that first
    /// render whenever the database call really goes asynchronous (as on PostgreSQL).
    /// </summary>
    public override async Task SetParametersAsync(ParameterView parameters)
    {
        parameters.SetParameterProperties(this);
        await LoadAsync();
        await base.SetParametersAsync(ParameterView.Empty);
    }

    protected string UserId => (HttpContext ?? throw new InvalidOperationException("Pages render on the server.")).User.UserId();

    protected virtual Task LoadAsync() => Task.CompletedTask;

    protected static string Percent(double p) => $"{p * 100:0}%";
}
