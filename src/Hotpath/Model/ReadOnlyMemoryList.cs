using System.Collections;
using System.Runtime.InteropServices;

namespace Hotpath.Model;

/// <summary>A read-only list over a <see cref="ReadOnlyMemory{T}"/>: indexes the array behind it directly, never hands it out.</summary>
internal sealed class ReadOnlyMemoryList<T> : IReadOnlyList<T>
{
    private readonly T[] _array;
    private readonly int _offset;

    public ReadOnlyMemoryList(ReadOnlyMemory<T> memory)
    {
        if (MemoryMarshal.TryGetArray(memory, out var segment) && segment.Array is not null)
        {
            _array = segment.Array;
            _offset = segment.Offset;
        }
        else
        {
            _array = memory.ToArray();
        }

        Count = memory.Length;
    }

    public T this[int index] => (uint)index < (uint)Count ? _array[_offset + index] : throw new ArgumentOutOfRangeException(nameof(index));

    public int Count { get; }

    public IEnumerator<T> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return _array[_offset + i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
