namespace Hotpath.Demo.Services;

/// <summary>The answer of the compute endpoint: how many primes there are up to <see cref="N"/>, and how long counting took.</summary>
public sealed record ComputeResult(int N, int Primes, double ElapsedMs);
