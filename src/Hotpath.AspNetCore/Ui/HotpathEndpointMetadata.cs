namespace Hotpath.AspNetCore.Ui;

/// <summary>Marks the endpoints <c>MapHotpath</c> adds: they are not profiled, and they do not count as app routes that collide with the profile path.</summary>
internal sealed class HotpathEndpointMetadata
{
    public static HotpathEndpointMetadata Instance { get; } = new();
}
