using Microsoft.Diagnostics.NETCore.Client;

namespace Hotpath.Sampling;

/// <summary>Stops an EventPipe session on a helper thread, so a stalled stream cannot hang the caller.</summary>
internal static class SessionStop
{
    public static bool Within(EventPipeSession session, TimeSpan timeout)
    {
        var stop = new Thread(() =>
        {
            try
            {
                session.Stop();
            }
            catch (Exception)
            {
                // Already gone (process shutting down, runtime refused, stream closed): nothing left to stop.
            }
        })
        { IsBackground = true, Name = "Hotpath session stop" };
        stop.UnsafeStart();
        return stop.Join(timeout);
    }
}
