using System.Runtime.InteropServices;
using Hotpath.Tool;

// Ctrl+C / SIGTERM cancel the verb (serve stops, record saves what it has); `run` forwards them to the app itself.
using var cancel = new CancellationTokenSource();
void OnSignal(PosixSignalContext context)
{
    context.Cancel = true;
    cancel.Cancel();
}

using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
return await HotpathCli.RunAsync(args, Console.Out, Console.Error, cancel.Token).ConfigureAwait(false);
