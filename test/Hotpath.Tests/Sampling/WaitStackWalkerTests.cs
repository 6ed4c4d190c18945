using Hotpath.Sampling.Perf;

namespace Hotpath.Tests.Sampling;

public sealed class WaitStackWalkerTests
{
    private sealed class Code(params (ulong Start, ulong End)[] managed) : IPerfRecordHandler
    {
        public void OnCpuSample(int tid, long timeNs, ReadOnlySpan<ulong> callchain) { }
        public void OnWait(int tid, long fromNs, long toNs, ReadOnlySpan<ulong> callchain) { }
        public void OnLost(long count) { }
        public bool IsManagedCode(ulong address) => managed.Any(r => address - 1 >= r.Start && address - 1 < r.End);
        public bool IsCode(ulong address) => IsManagedCode(address) || address is >= 0x9000 and < 0xa000;
    }

    private const ulong Sp = 0x7000_0000;

    [Fact]
    public void Walk_GarbageFramePointerAndNativeLocals_FindsTheManagedChain()
    {
        // Stack (word index: value): native locals with a stale managed-looking return address whose "saved pointer"
        // leads nowhere, then a real frame chain 8 -> 12 -> 20 through managed code.
        var stack = new ulong[32];
        stack[2] = Sp + (30 * 8);   // stale: saved pointer to a word that is not a frame...
        stack[3] = 0x5010;          // ...next to a managed address
        stack[8] = Sp + (12 * 8);
        stack[9] = 0x5020;          // Thread.Sleep
        stack[12] = Sp + (20 * 8);
        stack[13] = 0x6010;         // the endpoint
        stack[20] = Sp + (40 * 8);  // beyond the copy
        stack[21] = 0x6020;         // its caller
        var output = new ulong[16];
        output[0] = 0x9100;         // the libc leaf

        var depth = WaitStackWalker.Walk(stack, Sp, fp: 0x1234, new Code((0x5000, 0x5100), (0x6000, 0x6100)), output, 1);

        Assert.Equal([0x9100UL, 0x5020, 0x6010, 0x6020], output[..depth]);
    }

    [Fact]
    public void Walk_FramePointersNearTheTopOfTheAddressSpace_StopWithoutOverflow()
    {
        var stack = new ulong[16];
        stack[4] = ulong.MaxValue - 7;   // a garbage saved pointer that would wrap a naive bounds check
        stack[5] = 0x5010;
        var output = new ulong[8];
        output[0] = 0x9100;

        var depth = WaitStackWalker.Walk(stack, Sp, fp: ulong.MaxValue - 15, new Code((0x5000, 0x5100)), output, 1);

        Assert.Equal([0x9100UL, 0x5010], output[..depth]);
    }

    [Fact]
    public void Walk_NoManagedFrame_KeepsOnlyTheLeaf()
    {
        var stack = new ulong[16];
        stack[4] = Sp + (8 * 8);
        stack[5] = 0x9200;
        var output = new ulong[8];
        output[0] = 0x9100;

        var depth = WaitStackWalker.Walk(stack, Sp, fp: 0, new Code((0x5000, 0x5100)), output, 1);

        Assert.Equal(1, depth);
    }
}
