using System.CommandLine;
using Hotpath.Export;
using Hotpath.Model;
using Hotpath.Tool.Profiles;

namespace Hotpath.Tool.Commands;

/// <summary><c>convert FILE --to speedscope|pprof|collapsed [-o OUT]</c>: a saved profile in another tool's format.</summary>
internal static class ConvertCommand
{
    public static Command Create(TextWriter output)
    {
        var file = new Argument<string>("file") { Description = "A saved Hotpath profile." };
        var to = new Option<string>("--to", "-t") { Description = "The format: speedscope (JSON), pprof (gzipped protobuf) or collapsed (flamegraph.pl stacks).", Required = true };
        to.AcceptOnlyFromAmong("speedscope", "pprof", "collapsed");
        var outFile = new Option<string?>("--output", "-o") { Description = "Where to write; '-' for standard output. Default: next to FILE, with the format's extension." };
        var scope = CommonOptions.Scope();
        scope.Description += " speedscope with auto writes every scope that has samples, one profile each.";
        var command = new Command("convert", "Convert a saved profile to speedscope, pprof or collapsed stacks.") { file, to, outFile, scope };
        command.SetAction(result =>
        {
            var path = result.GetRequiredValue(file);
            var snapshot = ProfileInput.Load(path);
            var format = result.GetRequiredValue(to);
            var target = result.GetValue(outFile) ?? DefaultOutput(path, format);
            if (target == "-")
            {
                // Binary to stdout goes to the raw stream; text through the injected writer.
                if (format == "pprof")
                {
                    using var stdout = Console.OpenStandardOutput();
                    Write(snapshot, format, result.GetRequiredValue(scope), stdout, path);
                }
                else
                {
                    using var buffer = new MemoryStream();
                    Write(snapshot, format, result.GetRequiredValue(scope), buffer, path);
                    output.Write(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
                }

                return ExitCodes.Success;
            }

            try
            {
                var full = Path.GetFullPath(target);
                var temp = full + ".tmp";
                using (var stream = File.Create(temp))
                {
                    Write(snapshot, format, result.GetRequiredValue(scope), stream, path);
                }

                File.Move(temp, full, overwrite: true);
                output.WriteLine($"Wrote {format} to {target}");
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw CliException.BadInput($"cannot write '{target}': {HotpathCli.OneLine(ex.Message)}");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    public static void Write(ProfileSnapshot snapshot, string format, string scope, Stream stream, string source)
    {
        switch (format)
        {
            case "speedscope":
                var scopes = scope == "auto"
                    ? new[] { ProfileScope.Requests, ProfileScope.Process }.Where(s => snapshot.SampleCount(s) > 0).DefaultIfEmpty(ProfileScope.Process)
                    : [ProfileInput.ResolveScope(snapshot, scope)];
                var views = scopes.Select(s => ProfileView.Create(snapshot, new ProfileFilter { Scope = s })).ToList();
                SpeedscopeExporter.Write(views, Path.GetFileName(source), stream);
                break;
            case "pprof":
                PprofExporter.Write(ProfileView.Create(snapshot, new ProfileFilter { Scope = ProfileInput.ResolveScope(snapshot, scope) }), stream);
                break;
            default:
                using (var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), 64 * 1024, leaveOpen: true))
                {
                    CollapsedStackExporter.Write(snapshot, ProfileInput.ResolveScope(snapshot, scope), writer);
                }

                break;
        }
    }

    private static string DefaultOutput(string path, string format)
    {
        var stem = Path.Combine(Path.GetDirectoryName(path) ?? string.Empty, Path.GetFileNameWithoutExtension(path));
        return stem + format switch
        {
            "speedscope" => ".speedscope.json",
            "pprof" => ".pb.gz",
            _ => ".collapsed.txt",
        };
    }
}
