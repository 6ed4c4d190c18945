using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Hotpath.LineProfiler.Build;

/// <summary>What to insert into one method: its slots, its sequence points, and whether and how it is timed.</summary>
internal sealed class MethodPlan
{
    public required MethodDefinition Method { get; init; }

    public required string Name { get; init; }

    public required string File { get; init; }

    /// <summary>The slot of the entry counter; sequence point i has slot <c>Start + 1 + i</c>.</summary>
    public required int Start { get; init; }

    public required IReadOnlyList<SequencePoint> Points { get; init; }

    public bool Timed { get; init; }

    /// <summary>An async MoveNext: the line timer lives in fields of the state machine so it survives awaits.</summary>
    public bool AsyncStateMachine { get; init; }

    /// <summary>Any state machine's MoveNext: its entry counter counts resumptions.</summary>
    public bool StateMachine { get; init; }

    /// <summary>The own/total slot of a timed function with enter/exit, or -1.</summary>
    public int TimedSlot { get; init; } = -1;
}
