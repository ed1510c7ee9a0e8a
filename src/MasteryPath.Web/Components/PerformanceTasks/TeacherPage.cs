using System.Security.Claims;
using Microsoft.AspNetCore.Components;

namespace MasteryPath.Web.Components.PerformanceTasks;

/// <summary>
/// A teacher's server-rendered page that, like <see cref="LearnerPage"/>, loads its data before its first render:
/// static SSR renders as soon as <see cref="ComponentBase.OnInitializedAsync"/> yields, which on PostgreSQL is before
/// the data is there.
/// </summary>
public abstract class TeacherPage : ComponentBase
{
    [CascadingParameter]
    public HttpContext? HttpContext { get; set; }

    protected ClaimsPrincipal User => (HttpContext ?? throw new InvalidOperationException("Pages render on the server.")).User;

    public override async Task SetParametersAsync(ParameterView parameters)
    {
        parameters.SetParameterProperties(this);
        await LoadAsync();
        await base.SetParametersAsync(ParameterView.Empty);
    }

    protected abstract Task LoadAsync();

    protected static string When(DateTimeOffset at) => at.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}
