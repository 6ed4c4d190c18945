using Hotpath.Requests;

namespace Hotpath.AspNetCore.Pipeline;

/// <summary>
/// Per endpoint, per middleware: the median time before and after next over the latest
/// <see cref="SamplesPerMiddleware"/> requests, and how often it short-circuited or let an exception through. At most
/// <see cref="MaxEndpoints"/> endpoints (further ones are counted, not kept).
/// </summary>
internal sealed class PipelineAggregate
{
    public const int SamplesPerMiddleware = 256;
    public const int MaxEndpoints = 500;

    private readonly object _lock = new();
    private readonly Dictionary<string, EndpointState> _endpoints = new(StringComparer.Ordinal);
    private long _dropped;

    public void Add(string endpoint, IReadOnlyList<MiddlewareStep> steps)
    {
        lock (_lock)
        {
            if (!_endpoints.TryGetValue(endpoint, out var state))
            {
                if (_endpoints.Count >= MaxEndpoints)
                {
                    _dropped++;
                    return;
                }

                state = new EndpointState();
                _endpoints.Add(endpoint, state);
            }

            state.Requests++;
            foreach (var step in steps)
            {
                if (!state.Middleware.TryGetValue(step.Name, out var m))
                {
                    m = new MiddlewareState(state.Middleware.Count);
                    state.Middleware.Add(step.Name, m);
                }

                m.Add(step);
            }
        }
    }

    public object Describe()
    {
        lock (_lock)
        {
            return new
            {
                droppedEndpoints = _dropped,
                endpoints = _endpoints.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => new
                {
                    endpoint = e.Key,
                    requests = e.Value.Requests,
                    middleware = e.Value.Middleware.OrderBy(m => m.Value.FirstOrder).Select(m => new
                    {
                        name = m.Key,
                        runs = m.Value.Runs,
                        medianBeforeMs = m.Value.Median(before: true),
                        medianAfterMs = m.Value.Median(before: false),
                        shortCircuited = m.Value.ShortCircuited,
                        exceptions = m.Value.Exceptions,
                    }).ToList(),
                }).ToList(),
            };
        }
    }

    private sealed class EndpointState
    {
        public long Requests { get; set; }

        public Dictionary<string, MiddlewareState> Middleware { get; } = new(StringComparer.Ordinal);
    }

    private sealed class MiddlewareState(int firstOrder)
    {
        private readonly double[] _before = new double[SamplesPerMiddleware];
        private readonly double[] _after = new double[SamplesPerMiddleware];

        public int FirstOrder { get; } = firstOrder;

        public long Runs { get; private set; }

        public long ShortCircuited { get; private set; }

        public long Exceptions { get; private set; }

        public void Add(MiddlewareStep step)
        {
            var slot = (int)(Runs % SamplesPerMiddleware);
            _before[slot] = step.BeforeMs;
            _after[slot] = step.AfterMs;
            Runs++;
            ShortCircuited += step.CalledNext ? 0 : 1;
            Exceptions += step.Exception is null ? 0 : 1;
        }

        public double Median(bool before)
        {
            var count = (int)Math.Min(Runs, SamplesPerMiddleware);
            if (count == 0)
            {
                return 0;
            }

            var values = (before ? _before : _after).AsSpan(0, count).ToArray();
            Array.Sort(values);
            var median = count % 2 == 1 ? values[count / 2] : (values[(count / 2) - 1] + values[count / 2]) / 2;
            return Math.Round(median, 4);
        }
    }
}
