using System.Globalization;
using Hotpath.Attach;
using Hotpath.AspNetCore;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

[assembly: HostingStartup(typeof(HotpathHostingStartup))]

namespace Hotpath.Attach;

/// <summary>
/// Adds Hotpath to an app that does not reference it: the services (<c>AddHotpath</c>, options from the app's
/// <c>Hotpath</c> section as usual), a startup filter that puts <c>UseHotpath</c> first in the pipeline, the saved profile
/// and the sampling interval the tool asked for, and loopback-only access to the UI in any environment.
/// </summary>
internal sealed class HotpathHostingStartup : IHostingStartup
{
    /// <summary>The authorization policy that admits loopback clients only.</summary>
    public const string LoopbackPolicy = "Hotpath.Attach.Loopback";

    public void Configure(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ConfigureServices((context, services) =>
        {
            var output = Environment.GetEnvironmentVariable(AttachSettings.Output);
            var interval = Environment.GetEnvironmentVariable(AttachSettings.IntervalMs);
            var section = context.Configuration.GetSection(HotpathOptions.SectionName);
            var userDecidesAccess = section[nameof(HotpathOptions.AuthorizationPolicy)] is not null
                || section[nameof(HotpathOptions.AllowRemoteAccess)] is not null;
            services.AddHotpath(options =>
            {
                if (!string.IsNullOrEmpty(output))
                {
                    options.LogFile = output;
                    options.FlushAtShutdown = true;
                }

                if (int.TryParse(interval, NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
                {
                    options.SamplingIntervalMs = ms;
                }

                // The app's environment is usually Production here, where Hotpath's default answers nobody: the person
                // who ran `dotnet-hotpath run` on this machine may look, and only from this machine.
                if (!userDecidesAccess)
                {
                    options.AuthorizationPolicy = LoopbackPolicy;
                }
            });
            if (!userDecidesAccess)
            {
                services.AddHttpContextAccessor();
                services.AddAuthorization(o => o.AddPolicy(LoopbackPolicy, p => p.AddRequirements(new LoopbackRequirement())));
                services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuthorizationHandler, LoopbackRequirementHandler>());
            }

            services.AddTransient<Microsoft.AspNetCore.Hosting.IStartupFilter, HotpathStartupFilter>();
            services.AddHostedService<AttachUrlReporter>();
        });
    }
}
