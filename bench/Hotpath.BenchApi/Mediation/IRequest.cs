namespace Hotpath.BenchApi.Mediation;

/// <summary>A request the mediator sends to exactly one handler.</summary>
public interface IRequest<TResponse>;

/// <summary>Handles one request type.</summary>
public interface IRequestHandler<in TRequest, TResponse> where TRequest : IRequest<TResponse>
{
    Task<TResponse> HandleAsync(TRequest request, CancellationToken cancellationToken);
}

/// <summary>The rest of the pipeline, as seen from a behaviour.</summary>
public delegate Task<TResponse> RequestHandlerDelegate<TResponse>();

/// <summary>A step around the handler (validation, logging, timing), in registration order, outermost first.</summary>
public interface IPipelineBehavior<in TRequest, TResponse> where TRequest : IRequest<TResponse>
{
    Task<TResponse> HandleAsync(TRequest request, RequestHandlerDelegate<TResponse> next, CancellationToken cancellationToken);
}

/// <summary>Validates one request type; an empty list means valid.</summary>
public interface IValidator<in TRequest>
{
    Task<IReadOnlyList<string>> ValidateAsync(TRequest request, CancellationToken cancellationToken);
}
