using System.Globalization;
using System.Text;

namespace Hotpath.AspNetCore.Tests.Infrastructure;

/// <summary>The body of <c>GET {Path}/api/functions</c>, as the UI reads it.</summary>
internal sealed record FunctionsResponse(string Scope, ProfilerStatusBody Status, ProfileTotalsBody Totals, int Matched, IReadOnlyList<FunctionRowBody> Functions, string? Measure = null)
{
    /// <summary>The first row whose name starts with <paramref name="prefix"/>, or null.</summary>
    public FunctionRowBody? Find(string prefix) => Functions.FirstOrDefault(f => f.Name.StartsWith(prefix, StringComparison.Ordinal));

    public string Describe()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"scope={Scope} state={Status.State} message={Status.Message} totals={Totals} matched={Matched}; top rows:");
        foreach (var row in Functions.Take(8))
        {
            text.Append(CultureInfo.InvariantCulture, $"\n  self={row.Self} total={row.Total} {row.Module}!{row.Name}");
        }

        return text.ToString();
    }
}

internal sealed record ProfilerStatusBody(
    string State,
    string? Message,
    string? Sampler = null,
    string? Warning = null,
    double IntervalMs = 0,
    double? MeasuredIntervalMs = null,
    bool WaitsMeasured = false);

internal sealed record ProfileTotalsBody(
    long Samples,
    long ProcessSamples,
    long RequestSamples,
    long ProcessWaitSamples,
    long RequestWaitSamples,
    long IdleSamples,
    long MergedSamples,
    long DiscardedSamples,
    long OwnSamples,
    double WallSpanMs,
    double? EffectiveIntervalMs,
    double ConfiguredIntervalMs,
    long Requests,
    int Functions,
    int Stacks);

internal sealed record FunctionRowBody(string Name, string Module, string? File, int? Line, long Self, double SelfPct, long Total, double TotalPct);
