using System.Reflection;
using Microsoft.Diagnostics.Tracing;

namespace Hotpath.Sampling;

/// <summary>
/// Reads the raw stack of an event from a plain <see cref="EventPipeEventSource"/>. TraceEvent exposes stacks only
/// through TraceLog, which retains every stack, method and module it ever saw; the addresses themselves sit in the
/// event record's extended data (a STACK_TRACE64 item, as ETW lays it out), which this reads directly.
/// </summary>
internal static unsafe class EventPipeStack
{
    private const ushort StackTrace64 = 6;

    // TraceEvent 4.0's internal EVENT_RECORD*; checked at start-up (IsAvailable) so a layout change falls back cleanly.
    private static readonly FieldInfo? RecordField = typeof(TraceEvent).GetField("eventRecord", BindingFlags.Instance | BindingFlags.NonPublic);

    public static bool IsAvailable => RecordField is not null && IntPtr.Size == 8;

    /// <summary>Copies the event's stack (leaf first) into <paramref name="destination"/>; returns how many addresses.</summary>
    public static int Read(TraceEvent data, Span<ulong> destination)
    {
        if (RecordField?.GetValue(data) is not Pointer boxed)
        {
            return 0;
        }

        var record = (byte*)Pointer.Unbox(boxed);
        if (record is null)
        {
            return 0;
        }

        // EVENT_RECORD: EVENT_HEADER (80 bytes), ETW_BUFFER_CONTEXT (4), ExtendedDataCount (u16), UserDataLength (u16),
        // ExtendedData pointer at 88. Each EVENT_HEADER_EXTENDED_DATA_ITEM is 16 bytes: u16, ExtType u16, u16,
        // DataSize u16, DataPtr u64. A STACK_TRACE64 item starts with an unused 8-byte MatchId.
        var count = *(ushort*)(record + 84);
        var items = *(byte**)(record + 88);
        for (var i = 0; i < count && items is not null; i++)
        {
            var item = items + (16 * i);
            if (*(ushort*)(item + 2) != StackTrace64)
            {
                continue;
            }

            var size = *(ushort*)(item + 6);
            var addresses = (ulong*)*(ulong*)(item + 8);
            var n = Math.Min(Math.Max(0, (size - 8) / 8), destination.Length);
            new ReadOnlySpan<ulong>(addresses + 1, n).CopyTo(destination);
            return n;
        }

        return 0;
    }
}
