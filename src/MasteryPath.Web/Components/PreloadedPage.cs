using Microsoft.AspNetCore.Components;

namespace MasteryPath.Web.Components;

/// <summary>
/// A server-rendered page that loads its data before its first render: static SSR renders as soon as
/// <see cref="ComponentBase.OnInitializedAsync"/> yields, before data from a truly asynchronous database call
/// (PostgreSQL) has arrived, and a refusal thrown later could no longer set the status code.
/// </summary>
public abstract class PreloadedPage : ComponentBase
{
    [CascadingParameter]
    public HttpContext? HttpContext { get; set; }

    public override async Task SetParametersAsync(ParameterView parameters)
    {
        parameters.SetParameterProperties(this);
        await LoadAsync();
        await base.SetParametersAsync(ParameterView.Empty);
    }

    protected System.Security.Claims.ClaimsPrincipal User => (HttpContext ?? throw new InvalidOperationException("Pages render on the server.")).User;

    protected abstract Task LoadAsync();

    protected static string When(DateTimeOffset at) => at.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}
