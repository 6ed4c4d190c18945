using System.Text;

namespace Hotpath.Benchmarks;

/// <summary>A writer that discards text and counts characters, so an exporter's cost is measured without I/O.</summary>
internal sealed class CountingTextWriter : TextWriter
{
    public long Count { get; private set; }

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value) => Count++;

    public override void Write(char[] buffer, int index, int count) => Count += count;

    public override void Write(ReadOnlySpan<char> buffer) => Count += buffer.Length;

    public override void Write(string? value) => Count += value?.Length ?? 0;

    public override void Write(StringBuilder? value)
    {
        if (value is null)
        {
            return;
        }

        foreach (var chunk in value.GetChunks())
        {
            Count += chunk.Length;
        }
    }
}
