namespace Hotpath.BenchApi.Mediation;

/// <summary>A request the mediator sends to exactly one handler.</summary>
public interface IRequest<TResponse>;
