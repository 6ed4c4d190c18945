namespace Hotpath.BenchApi.Mediation;

/// <summary>Validates one request type; an empty list means valid.</summary>
public interface IValidator<in TRequest>
{
    Task<IReadOnlyList<string>> ValidateAsync(TRequest request, CancellationToken cancellationToken);
}
