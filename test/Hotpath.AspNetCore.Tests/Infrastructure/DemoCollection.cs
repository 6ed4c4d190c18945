namespace Hotpath.AspNetCore.Tests.Infrastructure;

/// <summary>
/// Tests that start demo processes, in-process apps or EventPipe sessions. EventPipe sessions, the runtime's sampling
/// rate and the request tracker are process-wide, and the demo burns CPU: running these one at a time keeps the
/// profiles they assert on free of each other's work.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DemoCollection
{
    public const string Name = "Demo";
}
