namespace Hotpath.Sampling.Perf;

/// <summary>
/// Recovers the managed frames of a blocked thread from a copy of the top of its stack. The thread stopped inside
/// libc, which keeps no frame pointers, so the kernel's walk ends at the leaf; the JIT's and ReadyToRun code's frames do
/// keep them. The first (saved frame pointer, return address) pair whose return address is managed code and whose saved
/// pointer leads to another frame of known code starts a chain, followed from there as long as it stays in the copy.
/// </summary>
internal static class WaitStackWalker
{
    public static int Walk(ReadOnlySpan<ulong> stack, ulong sp, ulong fp, IPerfRecordHandler code, ulong[] output, int depth)
    {
        if (stack.Length < 2)
        {
            return depth;
        }

        var start = FindFirstFrame(stack, sp, fp, code);
        if (start == 0)
        {
            return depth;
        }

        for (var frame = start; InCopy(stack, sp, frame) && depth < output.Length;)
        {
            var index = (int)((frame - sp) / 8);
            var returnAddress = stack[index + 1];
            if (returnAddress == 0)
            {
                break;
            }

            output[depth++] = returnAddress;
            var next = stack[index];
            if (next <= frame)
            {
                break;
            }

            frame = next;
        }

        return depth;
    }

    // Whether a frame's two words (saved frame pointer, return address) lie in the copy; written so that a garbage
    // pointer near the top of the address space cannot overflow past the check.
    private static bool InCopy(ReadOnlySpan<ulong> stack, ulong sp, ulong frame) =>
        frame >= sp && frame - sp <= ((ulong)stack.Length * 8) - 16;

    private static ulong FindFirstFrame(ReadOnlySpan<ulong> stack, ulong sp, ulong fp, IPerfRecordHandler code)
    {
        // The registers' own frame pointer, if libc left it intact.
        if (IsFrame(stack, sp, fp, code))
        {
            return fp;
        }

        for (var i = 0; i + 1 < stack.Length; i++)
        {
            var candidate = sp + ((ulong)i * 8);
            if (IsFrame(stack, sp, candidate, code))
            {
                return candidate;
            }
        }

        return 0;
    }

    private static bool IsFrame(ReadOnlySpan<ulong> stack, ulong sp, ulong frame, IPerfRecordHandler code)
    {
        if (!InCopy(stack, sp, frame) || (frame & 7) != 0)
        {
            return false;
        }

        var index = (int)((frame - sp) / 8);
        var saved = stack[index];
        if (!code.IsManagedCode(stack[index + 1]) || saved <= frame)
        {
            return false;
        }

        // The caller's frame must look like one too (unless it lies beyond the copy): a stale return address left in a
        // native frame's locals rarely sits next to a pointer to a real frame.
        if (!InCopy(stack, sp, saved))
        {
            return true;
        }

        var next = (int)((saved - sp) / 8);
        return (saved & 7) == 0 && code.IsCode(stack[next + 1]) && stack[next] > saved;
    }
}
