using Microsoft.Extensions.Hosting;

namespace Hotpath.AspNetCore.Errors;

/// <summary>Opens the error store at start (loading what it kept) and drains its queue at stop.</summary>
internal sealed class ErrorStoreHostedService(SqliteErrorStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => store.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => store.StopAsync(cancellationToken);
}
