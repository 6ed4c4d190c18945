namespace Hotpath.AspNetCore.Errors;

/// <summary>How much a report of who handled an exception counts (see <see cref="ErrorObservations.Note"/>).</summary>
internal static class ErrorRank
{
    /// <summary>Seen, not yet handled (an MVC exception filter that did not handle it).</summary>
    public const int Seen = 0;

    /// <summary>Inferred by the pipeline view: a middleware's next threw and the middleware returned normally.</summary>
    public const int Inferred = 1;

    /// <summary>Reported by the handler itself (a diagnostic event, UseHotpathExceptions, the server).</summary>
    public const int Reported = 2;
}
