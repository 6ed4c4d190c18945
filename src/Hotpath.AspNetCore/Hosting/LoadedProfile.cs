using Hotpath.Model;

namespace Hotpath.AspNetCore.Hosting;

/// <summary>
/// A saved profile to serve instead of the live profiler (<c>dotnet-hotpath serve</c>): registered as a singleton, it
/// makes <see cref="ProfilerHost"/> leave the profiler unstarted and answer every view from this snapshot, read-only.
/// </summary>
/// <param name="Snapshot">The loaded profile.</param>
/// <param name="Source">Where it came from (shown in the UI).</param>
internal sealed record LoadedProfile(ProfileSnapshot Snapshot, string Source);
