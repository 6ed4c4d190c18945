namespace Hotpath.BenchApi.Mediation;

/// <summary>Runs every validator of the request type and throws <see cref="ValidationException"/> on errors.</summary>
public sealed class ValidationBehavior<TRequest, TResponse>(IEnumerable<IValidator<TRequest>> validators)
    : IPipelineBehavior<TRequest, TResponse> where TRequest : IRequest<TResponse>
{
    public async Task<TResponse> HandleAsync(TRequest request, RequestHandlerDelegate<TResponse> next, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        foreach (var validator in validators)
        {
            errors.AddRange(await validator.ValidateAsync(request, cancellationToken).ConfigureAwait(false));
        }

        if (errors.Count > 0)
        {
            throw new ValidationException(errors);
        }

        return await next().ConfigureAwait(false);
    }
}
