// Line-profiler overhead: the same realistic code (dictionary/string work of the line demo) built three ways
// (uninstrumented, hits only, hits + line timing) by lines.sh, each run here for a fixed number of rounds.
using System.Diagnostics;
using Hotpath.LineDemo;

var rounds = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 20_000;
var catalog = new Catalog(2000);
const string Text = "the quick brown fox jumps over the lazy dog, the end. A fox; a dog, the cat.";
long sink = 0;
for (var i = 0; i < 2000; i++)
{
    sink += catalog.Search("tag" + (i % 37), 40).Length + Scenarios.Words(Text).Count;
}

var best = double.MaxValue;
for (var trial = 0; trial < 5; trial++)
{
    var sw = Stopwatch.StartNew();
    for (var i = 0; i < rounds; i++)
    {
        sink += catalog.Search("tag" + (i % 37), 40).Length + Scenarios.Words(Text).Count;
    }

    best = Math.Min(best, sw.Elapsed.TotalMilliseconds * 1000 / rounds);
}

Console.WriteLine($"{best:0.00} us/op (sink {sink % 10})");
