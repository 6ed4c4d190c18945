namespace Hotpath.Tool.Tests.Infrastructure;

/// <summary>Runs the tool's verbs in-process with captured output.</summary>
internal static class Cli
{
    public static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args) => await RunAsync(CancellationToken.None, args);

    public static async Task<(int Code, string Out, string Err)> RunAsync(CancellationToken cancellationToken, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await HotpathCli.RunAsync(args, output, error, cancellationToken);
        return (code, output.ToString(), error.ToString());
    }
}
