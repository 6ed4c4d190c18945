using System.Threading.Channels;
using Hotpath.Lines;
using Microsoft.Extensions.Options;

namespace Hotpath.AspNetCore.Lines;

/// <summary>Per-request counter snapshots on their way from the request pipeline to the <see cref="LineReportWriter"/>.</summary>
internal sealed class LineReportQueue(IOptions<HotpathOptions> options)
{
    private readonly Channel<(string Request, LineSnapshot Before, LineSnapshot After)> _requests =
        Channel.CreateBounded<(string, LineSnapshot, LineSnapshot)>(new BoundedChannelOptions(64) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    public bool PerRequest { get; } = options.Value.LineReport != LineReportTarget.None && options.Value.LineReportPerRequest;

    public ChannelReader<(string Request, LineSnapshot Before, LineSnapshot After)> Reader => _requests.Reader;

    /// <summary>Queues one request's counters; dropped when the writer is 64 reports behind.</summary>
    public void Enqueue(string request, LineSnapshot before, LineSnapshot after) => _requests.Writer.TryWrite((request, before, after));
}
