using Hotpath.Requests;

namespace Hotpath.AspNetCore.Requests;

/// <summary>The feature the middleware sets on each profiled request.</summary>
internal sealed class HotpathRequestFeature(RequestRecord record) : IHotpathRequestFeature
{
    public RequestRecord Record { get; } = record;
}
