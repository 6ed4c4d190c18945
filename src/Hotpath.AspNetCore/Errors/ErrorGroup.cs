namespace Hotpath.AspNetCore.Errors;

/// <summary>Errors of one exception type thrown at one site, with the latest occurrences (newest first).</summary>
/// <param name="Id">A stable id derived from type and site (the same in every process and after restarts).</param>
/// <param name="Type">The exception type.</param>
/// <param name="Message">The latest message.</param>
/// <param name="Site">The throw site.</param>
/// <param name="Count">How many occurred, including those no longer kept.</param>
/// <param name="FirstSeen">The first occurrence.</param>
/// <param name="LastSeen">The latest occurrence.</param>
/// <param name="HandledBy">Who handled the latest occurrence.</param>
/// <param name="Occurrences">The kept occurrences, newest first.</param>
internal sealed record ErrorGroup(
    string Id,
    string Type,
    string Message,
    string Site,
    long Count,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    string HandledBy,
    IReadOnlyList<ErrorOccurrence> Occurrences);
