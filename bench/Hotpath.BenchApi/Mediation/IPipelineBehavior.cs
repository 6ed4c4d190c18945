namespace Hotpath.BenchApi.Mediation;

/// <summary>A step around the handler (validation, logging, timing), in registration order, outermost first.</summary>
public interface IPipelineBehavior<in TRequest, TResponse> where TRequest : IRequest<TResponse>
{
    Task<TResponse> HandleAsync(TRequest request, RequestHandlerDelegate<TResponse> next, CancellationToken cancellationToken);
}
