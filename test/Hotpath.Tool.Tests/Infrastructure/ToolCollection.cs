namespace Hotpath.Tool.Tests.Infrastructure;

/// <summary>Tests that start apps, EventPipe sessions or browsers: one at a time, so their profiles stay apart.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ToolCollection
{
    public const string Name = "Tool processes";
}
