using Hotpath.AspNetCore;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Hotpath.Attach;

/// <summary>
/// Tells <c>dotnet-hotpath run</c> where the profile UI is: once the app listens, writes one URL per line to the file
/// the tool named (written to a temporary file, then moved, so the tool never reads half of it).
/// </summary>
internal sealed class AttachUrlReporter(IHostApplicationLifetime lifetime, IServer server, IOptions<HotpathOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var file = Environment.GetEnvironmentVariable(AttachSettings.UrlFile);
        if (!string.IsNullOrEmpty(file))
        {
            lifetime.ApplicationStarted.Register(() => Report(file));
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Report(string file)
    {
        try
        {
            var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var urls = addresses.Select(a => a.TrimEnd('/') + options.Value.Path + "/");
            var temp = file + ".tmp";
            File.WriteAllLines(temp, urls);
            File.Move(temp, file, overwrite: true);
        }
        catch (IOException)
        {
            // The tool then prints no URL; the app's own log still shows it (Hotpath logs the UI address).
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
