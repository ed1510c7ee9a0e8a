using Microsoft.AspNetCore.Components;

namespace MasteryPath.Web.Components.Teach;

/// <summary>A server-rendered teacher page whose data is loaded before its first render.</summary>
public abstract class TeacherPage : ComponentBase
{
    [CascadingParameter]
    public HttpContext? HttpContext { get; set; }

    protected System.Security.Claims.ClaimsPrincipal User => (HttpContext ?? throw new InvalidOperationException("Pages render on the server.")).User;

    /// <summary>
    /// Static SSR renders as soon as <see cref="ComponentBase.OnInitializedAsync"/> yields, which a database call
    /// really does on PostgreSQL: the data is loaded here instead, before the lifecycle starts.
    /// </summary>
    public override async Task SetParametersAsync(ParameterView parameters)
    {
        parameters.SetParameterProperties(this);
        await LoadAsync();
        await base.SetParametersAsync(ParameterView.Empty);
    }

    protected abstract Task LoadAsync();
}
