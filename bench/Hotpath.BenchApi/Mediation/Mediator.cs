using System.Collections.Concurrent;

namespace Hotpath.BenchApi.Mediation;

/// <summary>Sends a request through its behaviours to its handler, resolved from the request's scope.</summary>
public sealed class Mediator(IServiceProvider services)
{
    private static readonly ConcurrentDictionary<Type, RequestInvoker> Invokers = new();

    /// <summary>Runs the pipeline for <paramref name="request"/>.</summary>
    public Task<TResponse> SendAsync<TResponse>(IRequest<TResponse> request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var invoker = Invokers.GetOrAdd(request.GetType(), static t =>
            (RequestInvoker)Activator.CreateInstance(typeof(RequestInvoker<,>).MakeGenericType(t, ResponseType(t)))!);
        return ((RequestInvokerOf<TResponse>)invoker).InvokeAsync(request, services, cancellationToken);
    }

    private static Type ResponseType(Type requestType) =>
        requestType.GetInterfaces().First(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IRequest<>))
            .GetGenericArguments()[0];

    private abstract class RequestInvoker;

    private abstract class RequestInvokerOf<TResponse> : RequestInvoker
    {
        public abstract Task<TResponse> InvokeAsync(IRequest<TResponse> request, IServiceProvider services, CancellationToken cancellationToken);
    }

    private sealed class RequestInvoker<TRequest, TResponse> : RequestInvokerOf<TResponse> where TRequest : IRequest<TResponse>
    {
        public override Task<TResponse> InvokeAsync(IRequest<TResponse> request, IServiceProvider services, CancellationToken cancellationToken)
        {
            var typed = (TRequest)request;
            var handler = services.GetRequiredService<IRequestHandler<TRequest, TResponse>>();
            RequestHandlerDelegate<TResponse> next = () => handler.HandleAsync(typed, cancellationToken);
            var behaviours = services.GetServices<IPipelineBehavior<TRequest, TResponse>>().Reverse();
            foreach (var behaviour in behaviours)
            {
                var inner = next;
                next = () => behaviour.HandleAsync(typed, inner, cancellationToken);
            }

            return next();
        }
    }
}
