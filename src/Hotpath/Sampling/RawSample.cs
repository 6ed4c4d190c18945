using Hotpath.Model;

namespace Hotpath.Sampling;

/// <summary>A sample waiting to be named: when, which thread, what it measures, and its stack (leaf first).</summary>
/// <param name="Timestamp">Stopwatch ticks (CLOCK_MONOTONIC on Linux): when the thread ran, or began to wait.</param>
/// <param name="ThreadId">The OS thread id.</param>
/// <param name="Stack">Instruction pointers, leaf first; empty when the sampler gave no stack.</param>
/// <param name="Measure">CPU, or a wait.</param>
/// <param name="Weight">Samples this stands for (a wait's length in sampling periods).</param>
/// <param name="OnCpu">False for an EventPipe sample of a thread outside managed code (idle or native).</param>
/// <param name="FromEventPipe">EventPipe samples are taken at safe points: poll helpers at the leaf are folded.</param>
internal readonly record struct RawSample(long Timestamp, int ThreadId, ulong[] Stack, ProfileMeasure Measure, long Weight, bool OnCpu, bool FromEventPipe);
