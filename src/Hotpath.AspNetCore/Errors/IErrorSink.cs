namespace Hotpath.AspNetCore.Errors;

/// <summary>Receives every recorded occurrence after the in-memory log (the persistent store). Must not block.</summary>
internal interface IErrorSink
{
    void Write(ErrorOccurrence occurrence);
}
