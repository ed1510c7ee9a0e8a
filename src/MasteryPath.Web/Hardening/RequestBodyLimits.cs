using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace MasteryPath.Web.Hardening;

/// <summary>
/// Every request body has a limit: the endpoint's own (<see cref="IRequestSizeLimitMetadata"/>, for uploads) or
/// <see cref="DefaultLimitBytes"/>. A body declared larger is refused with 413 before it is read; a body without a
/// declared length is cut off at the limit by the server (Kestrel), which ends in the same 413.
/// </summary>
public static class RequestBodyLimits
{
    /// <summary>Enough for any JSON request and form of the app (a roster as JSON text is the largest).</summary>
    public const long DefaultLimitBytes = 4 * 1024 * 1024;

    public static IApplicationBuilder UseRequestBodyLimits(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        // The error page, re-executed for a refused request, does not read the body either.
        if (context.Features.Get<IExceptionHandlerFeature>() is not null || context.Features.Get<IStatusCodeReExecuteFeature>() is not null)
        {
            await next(context);
            return;
        }

        var metadata = context.GetEndpoint()?.Metadata;
        var limit = metadata?.GetMetadata<IRequestBodyLimitByRequest>()?.LimitFor(context)
            ?? metadata?.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize
            ?? DefaultLimitBytes;
        if (context.Request.ContentLength > limit)
        {
            throw new RequestTooLargeException(limit);
        }

        // Pages and their forms take nothing but forms (a page's POST reads one even when empty): anything else is
        // refused before a handler tries to read it.
        var sendsBody = HttpMethods.IsPost(context.Request.Method) || HttpMethods.IsPut(context.Request.Method) || HttpMethods.IsPatch(context.Request.Method);
        if (!Paths.IsApi(context.Request.Path) && sendsBody && !context.Request.HasFormContentType)
        {
            throw new BadHttpRequestException("Pages take forms only.", StatusCodes.Status415UnsupportedMediaType);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        await next(context);
    });
}

/// <summary>Endpoint metadata: a body limit that depends on the request (e.g. the task's own upload limit).</summary>
public interface IRequestBodyLimitByRequest
{
    long LimitFor(HttpContext context);
}

/// <summary>A request body over its endpoint's limit: answered 413 by <see cref="RefusalExceptionHandler"/>.</summary>
public sealed class RequestTooLargeException(long limit)
    : BadHttpRequestException($"The request body is larger than {Refusal.Megabytes(limit)}.", StatusCodes.Status413PayloadTooLarge)
{
    public long Limit => limit;
}
