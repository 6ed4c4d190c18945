using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Hotpath.Attach;

/// <summary>Puts Hotpath's middleware first in an app's pipeline without the app calling <c>UseHotpath</c>.</summary>
internal sealed class HotpathStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseHotpath();
        next(app);
    };
}
