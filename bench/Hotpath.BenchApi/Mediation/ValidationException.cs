namespace Hotpath.BenchApi.Mediation;

/// <summary>Thrown by the validation behaviour; the endpoints answer 400 with the errors.</summary>
public sealed class ValidationException : Exception
{
    public ValidationException()
    {
    }

    public ValidationException(string message) : base(message)
    {
    }

    public ValidationException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public ValidationException(IReadOnlyList<string> errors) : base(string.Join("; ", errors)) => Errors = errors;

    /// <summary>What is wrong with the request.</summary>
    public IReadOnlyList<string> Errors { get; } = [];
}
