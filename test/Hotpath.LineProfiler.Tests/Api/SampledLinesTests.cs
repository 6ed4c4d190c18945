using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Hotpath.LineProfiler.Tests.Api;

/// <summary>Sampled lines from a real EventPipe session, in the line demo running as a process of its own.</summary>
public sealed partial class SampledLinesTests(ITestOutputHelper output)
{
    [Fact]
    public async Task SampledMode_HotLoopLine_GetsSamples()
    {
        var dll = Path.Combine(Build.Dotnet.Repo, "samples", "Hotpath.LineDemo", "bin", Build.Dotnet.Configuration, "net10.0", "Hotpath.LineDemo.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.AspNetCore.Routing"] = "Warning";
        start.Environment["DOTNET_EventPipeThreadSamplingRate"] = "A";
        start.Environment["Hotpath__SamplingIntervalMs"] = "10";
        using var process = Process.Start(start)!;
        var log = new System.Text.StringBuilder();
        var url = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (log)
            {
                log.AppendLine(e.Data);
            }

            if (Listening().Match(e.Data) is { Success: true } m)
            {
                url.TrySetResult(m.Groups[1].Value);
            }
        };
        process.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri(await url.Task.WaitAsync(TimeSpan.FromSeconds(60))), Timeout = TimeSpan.FromSeconds(30) };
            await client.GetStringAsync("/");
            JsonElement? spin = null;
            var deadline = DateTime.UtcNow.AddSeconds(40);
            while (DateTime.UtcNow < deadline && spin is null)
            {
                for (var i = 0; i < 5; i++)
                {
                    await client.GetStringAsync("/spin?ms=200");
                }

                var json = await client.GetStringAsync("/__profile__/api/lines?function=" + Uri.EscapeDataString("Scenarios\\.Spin$"));
                output.WriteLine(json[..Math.Min(json.Length, 300)]);
                using var doc = JsonDocument.Parse(json);
                var f = doc.RootElement.GetProperty("functions").EnumerateArray().FirstOrDefault();
                if (f.ValueKind == JsonValueKind.Object && f.GetProperty("lines").EnumerateArray().Any(l => l.GetProperty("samples").ValueKind == JsonValueKind.Number))
                {
                    spin = f.Clone();
                }
            }

            Assert.True(spin is not null, "no sampled lines for Scenarios.Spin");
            var fn = spin.Value;
            Assert.True(fn.GetProperty("sampled").GetBoolean());
            var lines = fn.GetProperty("lines").EnumerateArray().ToList();
            var hot = lines.Where(l => l.GetProperty("samples").ValueKind == JsonValueKind.Number).MaxBy(l => l.GetProperty("samples").GetInt64());
            output.WriteLine(string.Join("\n", lines.Select(l => $"{l.GetProperty("line")} {l.GetProperty("samples")} {l.GetProperty("code")}")));
            // The inner loop (the Sqrt line or its for line) holds the time; never the method's return line.
            Assert.Contains("i", hot.GetProperty("code").GetString(), StringComparison.Ordinal);
            Assert.DoesNotContain("return", hot.GetProperty("code").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            lock (log)
            {
                output.WriteLine(log.ToString());
            }
        }
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex Listening();
}
