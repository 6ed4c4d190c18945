using System.CommandLine;
using System.Net;
using Hotpath.AspNetCore;
using Hotpath.AspNetCore.Hosting;
using Hotpath.Tool.Profiles;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hotpath.Tool.Commands;

/// <summary><c>serve FILE [--port N]</c>: Hotpath's web UI over a saved profile, read-only, on 127.0.0.1.</summary>
internal static class ServeCommand
{
    public static Command Create(TextWriter output)
    {
        var file = new Argument<string>("file") { Description = "A saved Hotpath profile." };
        var port = new Option<int>("--port", "-p") { Description = "The port on 127.0.0.1 (0: any free port).", DefaultValueFactory = _ => 0 };
        CommonOptions.Range(port, 0, 65535, "--port must be between 0 and 65535.");
        var command = new Command("serve", "Serve the web UI over a saved profile on 127.0.0.1 until Ctrl+C.") { file, port };
        command.SetAction(async (result, cancellationToken) =>
        {
            var path = result.GetRequiredValue(file);
            var snapshot = ProfileInput.Load(path);
            await RunAsync(new LoadedProfile(snapshot, Path.GetFileName(path)), result.GetValue(port), output, cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    public static async Task RunAsync(LoadedProfile profile, int port, TextWriter output, CancellationToken cancellationToken)
    {
        // Development + loopback-only binding: Hotpath's default access rule then admits this machine and nobody else.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Development,
            ContentRootPath = AppContext.BaseDirectory,
            ApplicationName = typeof(ServeCommand).Assembly.GetName().Name,
        });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, port));
        builder.Services.AddSingleton(profile);
        builder.Services.AddHotpath(o =>
        {
            o.LogFile = null;
            o.DiscardFirstRequest = false;
        });
        await using var app = builder.Build();
        app.UseHotpath();
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            throw CliException.BadInput($"cannot listen on 127.0.0.1:{port}: {HotpathCli.OneLine(ex.Message)}");
        }

        var path = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<HotpathOptions>>().Value.Path;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        await output.WriteLineAsync($"Serving {profile.Source} (read-only) at {address.TrimEnd('/')}{path}/ — Ctrl+C to stop").ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: stop serving.
        }

        await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
    }
}
