using System.Runtime.InteropServices;
using Tend.Posix.Signals;

namespace Tend.Cli;

/// <summary>
/// The signal mask Native/start_mask.c set before the runtime started, seen from Main. Every
/// Tend process starts with its handled signals blocked (that file says why); the commands that
/// do not supervise put back the mask they were started with, so that Ctrl-C still ends a
/// `tend ctl logs -f` and a program the exec helper or with-contenv execs does not inherit
/// Tend's mask. A build without the constructor (a JIT run) has no start mask: Main then falls
/// back to blocking and re-executing itself (<see cref="SignalMask.BlockAndReexec"/>).
/// </summary>
internal static unsafe partial class StartMask
{
    /// <summary>The mask Tend was started with, or null when no constructor blocked anything.</summary>
    public static SignalSet? Inherited { get; } = ReadInherited();

    /// <summary>Puts the started-with mask back on the calling (main) thread.</summary>
    public static void RestoreInherited() => Inherited?.SetAsMask();

    /// <summary>
    /// True when the handled signals were already blocked when Tend started: a parent blocked
    /// them, or this is the second pass of the re-exec fallback.
    /// </summary>
    public static bool StartedBlocked =>
        Inherited is { } inherited ? SignalMask.HandledSet.IsSubsetOf(inherited) : SignalMask.IsInheritedBlocked();

    private static SignalSet? ReadInherited()
    {
        var buffer = stackalloc byte[SignalSet.NativeSize];
        try
        {
            return tend_start_mask_inherited(buffer) == 1 ? SignalSet.FromNative(buffer) : null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>CLOCK_MONOTONIC (ns) when the constructor ran, or 0 without one: start-up's origin.</summary>
    public static long ConstructorClockNs()
    {
        try { return tend_start_mask_clock_ns(); }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { return 0; }
    }

    [LibraryImport("tendstart")]
    private static partial int tend_start_mask_inherited(byte* mask);

    [LibraryImport("tendstart")]
    private static partial long tend_start_mask_clock_ns();
}
