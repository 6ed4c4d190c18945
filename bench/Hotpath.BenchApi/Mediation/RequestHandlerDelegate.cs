namespace Hotpath.BenchApi.Mediation;

/// <summary>The rest of the pipeline, as seen from a behaviour.</summary>
public delegate Task<TResponse> RequestHandlerDelegate<TResponse>();
