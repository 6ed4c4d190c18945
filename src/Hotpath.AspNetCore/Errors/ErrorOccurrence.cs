namespace Hotpath.AspNetCore.Errors;

/// <summary>One exception that escaped one request's code.</summary>
/// <param name="Id">Unique within the log (the store's row id when persisted).</param>
/// <param name="GroupId">The group's id: exception type + throw site.</param>
/// <param name="At">When it was recorded.</param>
/// <param name="Type">The exception's full type name.</param>
/// <param name="Message">The exception's message.</param>
/// <param name="Site">The throw site: the top frame of user code.</param>
/// <param name="HandledBy">Who turned it into a response (<see cref="HandledBy"/>).</param>
/// <param name="StackTrace">The exception as text, inner exceptions included, async frames by their source names.</param>
/// <param name="Request">The redacted request.</param>
internal sealed record ErrorOccurrence(
    long Id,
    string GroupId,
    DateTimeOffset At,
    string Type,
    string Message,
    string Site,
    string HandledBy,
    string StackTrace,
    ErrorRequest Request)
{
    /// <summary>The request's Hotpath id, the link to its profile and pipeline.</summary>
    public long? RequestId => Request.RequestId;
}
