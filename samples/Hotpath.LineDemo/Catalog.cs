using System.Text;

namespace Hotpath.LineDemo;

/// <summary>Realistic request work (string and dictionary code) for the demo's endpoints and the benchmark.</summary>
public sealed class Catalog
{
    private readonly Dictionary<string, List<string>> _byTag = new(StringComparer.Ordinal);

    public Catalog(int products)
    {
        for (var i = 0; i < products; i++)
        {
            var tag = "tag" + (i % 37);
            if (!_byTag.TryGetValue(tag, out var list))
            {
                list = [];
                _byTag[tag] = list;
            }

            list.Add($"Product {i} {tag}");
        }
    }

    public string Search(string tag, int limit)
    {
        var text = new StringBuilder();
        if (!_byTag.TryGetValue(tag, out var list))
        {
            return string.Empty;
        }

        foreach (var name in list.Take(limit))
        {
            var upper = name.ToUpperInvariant();
            if (upper.Contains("PRODUCT 1", StringComparison.Ordinal))
            {
                text.Append(upper).Append('\n');
            }
            else
            {
                text.Append(name).Append('\n');
            }
        }

        return text.ToString();
    }
}
