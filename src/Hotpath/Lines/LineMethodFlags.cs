namespace Hotpath.Lines;

/// <summary>What the rewriter knows about an instrumented method.</summary>
[Flags]
internal enum LineMethodFlags
{
    None = 0,

    /// <summary>Its lines are timed.</summary>
    Timed = 1,

    /// <summary>A state machine's MoveNext: its entry counter counts resumptions, not calls.</summary>
    StateMachine = 2,
}
