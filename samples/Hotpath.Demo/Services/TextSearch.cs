using System.Runtime.CompilerServices;
using System.Text;

namespace Hotpath.Demo.Services;

/// <summary>
/// Full-text search over an in-memory corpus of generated documents (fixed seed). Each search tokenizes every document
/// afresh and scores it with BM25, so the cost is real, proportional to the corpus, and attributed to this class.
/// </summary>
public sealed class TextSearch
{
    /// <summary>The number of generated documents.</summary>
    public const int DocumentCount = 1_000;

    /// <summary>Queries longer than this are cut; more terms than <see cref="MaxTerms"/> are ignored.</summary>
    public const int MaxQueryLength = 200;

    /// <summary>The most distinct query terms scored.</summary>
    public const int MaxTerms = 8;

    private const double K1 = 1.2;
    private const double B = 0.75;
    private const int SnippetLength = 120;

    private static readonly string[] Vocabulary =
    [
        "profile", "sample", "stack", "frame", "thread", "request", "latency", "cache", "memory", "allocation",
        "garbage", "collector", "kernel", "socket", "buffer", "queue", "worker", "pool", "async", "await",
        "task", "timer", "clock", "cpu", "core", "branch", "pipeline", "vector", "loop", "array",
        "string", "parser", "token", "index", "search", "query", "score", "rank", "document", "corpus",
        "server", "client", "network", "packet", "header", "payload", "json", "schema", "database", "table",
        "column", "row", "join", "filter", "sort", "page", "catalog", "product", "order", "price",
        "tax", "discount", "customer", "invoice", "report", "chart", "metric", "counter", "gauge", "histogram",
        "trace", "event", "span", "context", "scope", "logger", "config", "option", "service", "container",
        "module", "assembly", "method", "symbol", "runtime", "compiler", "jit", "inline", "hot", "path",
        "flame", "graph", "tree", "node", "edge", "weight", "total", "self", "time", "budget",
        "garden", "river", "mountain", "forest", "coffee", "window", "bridge", "harbor", "lantern", "meadow",
    ];

    private readonly string[] _titles;
    private readonly string[] _bodies;
    private readonly int[] _lengths;
    private readonly Dictionary<string, int> _documentFrequency = new(StringComparer.Ordinal);
    private readonly double _averageLength;

    /// <summary>Generates the corpus and its document frequencies.</summary>
    public TextSearch()
    {
        var random = new Random(1_729);
        _titles = new string[DocumentCount];
        _bodies = new string[DocumentCount];
        _lengths = new int[DocumentCount];
        var text = new StringBuilder();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        long totalLength = 0;
        for (var d = 0; d < DocumentCount; d++)
        {
            text.Clear();
            seen.Clear();
            var words = random.Next(60, 200);
            for (var w = 0; w < words; w++)
            {
                // Squaring skews the choice towards the start of the vocabulary, roughly like real word frequencies.
                var r = random.NextDouble();
                var word = Vocabulary[(int)(r * r * Vocabulary.Length)];
                text.Append(word).Append(w % 13 == 12 ? ". " : " ");
                if (seen.Add(word))
                {
                    _documentFrequency[word] = _documentFrequency.GetValueOrDefault(word) + 1;
                }
            }

            _bodies[d] = text.ToString().TrimEnd();
            _lengths[d] = words;
            _titles[d] = $"Note {d + 1}: {Vocabulary[random.Next(Vocabulary.Length)]} and {Vocabulary[random.Next(Vocabulary.Length)]}";
            totalLength += words;
        }

        _averageLength = (double)totalLength / DocumentCount;
    }

    /// <summary>
    /// Returns the <paramref name="top"/> best documents for <paramref name="query"/> by BM25, best first
    /// (ties by document id). Terms are lower-cased letters and digits; the query is cut to <see cref="MaxQueryLength"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public SearchResult Search(string query, int top = 10)
    {
        ArgumentNullException.ThrowIfNull(query);
        top = Math.Clamp(top, 1, 50);
        var terms = Tokenize(query.Length > MaxQueryLength ? query[..MaxQueryLength] : query);
        var idf = new double[terms.Length];
        for (var t = 0; t < terms.Length; t++)
        {
            var df = _documentFrequency.GetValueOrDefault(terms[t]);
            idf[t] = Math.Log(1 + ((DocumentCount - df + 0.5) / (df + 0.5)));
        }

        var best = new List<(double Score, int Doc)>(top + 1);
        var matches = 0;
        var frequencies = new int[terms.Length];
        for (var d = 0; d < DocumentCount && terms.Length > 0; d++)
        {
            var score = ScoreDocument(_bodies[d], _lengths[d], terms, idf, frequencies);
            if (score <= 0)
            {
                continue;
            }

            matches++;
            if (best.Count == top && score <= best[^1].Score)
            {
                continue;
            }

            // Insertion into a short sorted list beats sorting every match.
            var at = best.Count;
            while (at > 0 && best[at - 1].Score < score)
            {
                at--;
            }

            best.Insert(at, (score, d));
            if (best.Count > top)
            {
                best.RemoveAt(best.Count - 1);
            }
        }

        var hits = new SearchHit[best.Count];
        for (var i = 0; i < hits.Length; i++)
        {
            var (score, d) = best[i];
            var body = _bodies[d];
            hits[i] = new SearchHit(d + 1, _titles[d], Math.Round(score, 4), body.Length <= SnippetLength ? body : body[..SnippetLength] + "…");
        }

        return new SearchResult(query, terms, matches, hits);
    }

    /// <summary>Splits text into distinct lower-case terms of letters and digits, at most <see cref="MaxTerms"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static string[] Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var terms = new List<string>(MaxTerms);
        var start = -1;
        for (var i = 0; i <= text.Length && terms.Count < MaxTerms; i++)
        {
            var isWordChar = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (isWordChar && start < 0)
            {
                start = i;
            }
            else if (!isWordChar && start >= 0)
            {
                var term = text[start..i].ToLowerInvariant();
                if (!terms.Contains(term))
                {
                    terms.Add(term);
                }

                start = -1;
            }
        }

        return [.. terms];
    }

    // Tokenizes the body in place (no allocations) and counts how often each query term occurs, then applies BM25.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private double ScoreDocument(string body, int length, string[] terms, double[] idf, int[] frequencies)
    {
        Array.Clear(frequencies);
        var text = body.AsSpan();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var isWordChar = i < text.Length && char.IsAsciiLetterOrDigit(text[i]);
            if (isWordChar)
            {
                if (start < 0)
                {
                    start = i;
                }

                continue;
            }

            if (start < 0)
            {
                continue;
            }

            var word = text[start..i];
            start = -1;
            for (var t = 0; t < terms.Length; t++)
            {
                if (word.SequenceEqual(terms[t]))
                {
                    frequencies[t]++;
                    break;
                }
            }
        }

        var score = 0.0;
        var norm = K1 * (1 - B + (B * length / _averageLength));
        for (var t = 0; t < terms.Length; t++)
        {
            var tf = frequencies[t];
            if (tf > 0)
            {
                score += idf[t] * (tf * (K1 + 1)) / (tf + norm);
            }
        }

        return score;
    }
}
