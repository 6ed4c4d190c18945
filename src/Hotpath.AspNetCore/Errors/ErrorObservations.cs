namespace Hotpath.AspNetCore.Errors;

/// <summary>
/// The exceptions seen so far in one request, and who handled each, kept on the request (a feature) until it ends:
/// inner handlers report before outer ones, so the decision waits for the request's last diagnostic event.
/// </summary>
internal sealed class ErrorObservations
{
    private readonly List<Observation> _seen = new(1);

    public IReadOnlyList<Observation> Seen => _seen;

    /// <summary>
    /// Notes who handled <paramref name="exception"/>. A later report of equal or higher <paramref name="rank"/>
    /// replaces an earlier one: outer handlers only see what inner ones let through.
    /// </summary>
    public void Note(Exception exception, string handledBy, int rank)
    {
        foreach (var observation in _seen)
        {
            if (ReferenceEquals(observation.Exception, exception))
            {
                if (rank >= observation.Rank)
                {
                    observation.HandledBy = handledBy;
                    observation.Rank = rank;
                }

                return;
            }
        }

        _seen.Add(new Observation(exception) { HandledBy = handledBy, Rank = rank });
    }

    /// <summary>The rank of what was reported about <paramref name="exception"/>, or -1 when nothing was.</summary>
    public int RankOf(Exception exception) => _seen.Find(o => ReferenceEquals(o.Exception, exception))?.Rank ?? -1;

    internal sealed class Observation(Exception exception)
    {
        public Exception Exception { get; } = exception;

        public string HandledBy { get; set; } = string.Empty;

        public int Rank { get; set; }
    }
}
