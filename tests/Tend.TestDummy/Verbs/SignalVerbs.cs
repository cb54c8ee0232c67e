using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Tend.TestDummy.Verbs;

/// <summary>
/// Verbs that change how the dummy reacts to signals, to test tend's stop sequence (grace
/// periods, SIGKILL escalation) and signal forwarding. The dummy is never PID 1, so .NET's
/// PosixSignalRegistration is fine for trap-term; ignoring uses a raw signal(2).
/// </summary>
internal static unsafe class SignalVerbs
{
    // A registration is undone when it is disposed or collected: keep it for the process.
    private static PosixSignalRegistration? s_termRegistration;
    private static int s_terminating;

    public static Action IgnoreTerm(VerbArgs a)
    {
        a.Expect(0, 0, "");
        return () =>
        {
            if (Native.signal(SignalNames.SIGTERM, Native.SIG_IGN) == -1 /* SIG_ERR */)
                throw new FailureException($"signal(SIGTERM, SIG_IGN) failed: {Native.LastError()}");
        };
    }

    /// <summary>A graceful-shutdown program: announces the TERM, takes MILLIS to clean up, exits.</summary>
    public static Action TrapTerm(VerbArgs a)
    {
        a.Expect(1, 2, "MILLIS [EXITCODE]");
        int millis = (int)a.Integer(0, "MILLIS", 0, int.MaxValue);
        int code = a.Count > 1 ? (int)a.Integer(1, "EXITCODE", int.MinValue, int.MaxValue) : 0;
        return () => s_termRegistration = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true; // no default action: we decide when to exit
            // A second TERM during the clean-up is absorbed, like a real program shutting down.
            if (Interlocked.Exchange(ref s_terminating, 1) != 0) return;
            // Runs on a runtime thread: report a failed write ourselves rather than crash there.
            try { RawIo.WriteText(RawIo.Stdout, "term\n"); }
            catch (FailureException e) { Die(e.Message); }
            Thread.Sleep(millis);
            Environment.Exit(code);
        });
    }

    /// <summary>
    /// Records every signal it gets as a line in FILE (O_APPEND, one write per signal), so a test
    /// can assert which signals arrived and in which order. TERM is recorded, then exits 0.
    /// </summary>
    /// <remarks>
    /// Not PosixSignalRegistration: .NET runs those handlers on thread-pool or fresh threads, so
    /// back-to-back signals get recorded out of order and a HUP sent just before TERM can be lost
    /// when the TERM handler exits first. Instead the signals are blocked in every thread and one
    /// thread takes them with sigwaitinfo(2): the file then shows them in the order the kernel
    /// hands them over (arrival order, except that several standard signals pending at the same
    /// instant come lowest number first — as for any C program).
    /// </remarks>
    public static Action TrapSignals(VerbArgs a)
    {
        a.Expect(1, 1, "FILE");
        var path = a[0];
        return () =>
        {
            // Opened once, now: a bad path fails the verb instead of the listener later.
            int fd = RawIo.Open(path, Native.O_WRONLY | Native.O_CREAT | Native.O_APPEND);
            int[] trapped =
            [
                SignalNames.SIGHUP, SignalNames.SIGINT, SignalNames.SIGQUIT, SignalNames.SIGUSR1,
                SignalNames.SIGUSR2, SignalNames.SIGWINCH, SignalNames.SIGTERM,
            ];

            byte* set = (byte*)NativeMemory.AllocZeroed(Native.SigsetBytes); // lives as long as the process
            Native.sigemptyset(set);
            ulong bits = 0;
            foreach (var sig in trapped)
            {
                Native.sigaddset(set, sig);
                bits |= 1UL << (sig - 1);
            }

            BlockEverywhere(set, bits);
            // A trap overrides an inherited SIG_IGN (a shell's `&` ignores INT and QUIT), like a
            // handler would. Blocked everywhere, SIG_DFL never acts; the signals just queue.
            foreach (var sig in trapped) Native.signal(sig, Native.SIG_DFL);

            // Created after the block, so the listener inherits it too (sigwaitinfo needs that).
            new Thread(() => Listen(set, fd)) { IsBackground = true, Name = "trap-signals" }.Start();
        };
    }

    private static void Listen(byte* set, int fd)
    {
        long* noWait = stackalloc long[2] { 0, 0 }; // struct timespec { 0 s, 0 ns }
        while (true)
        {
            int sig = Native.sigwaitinfo(set, null);
            if (sig < 0)
            {
                if (Marshal.GetLastPInvokeError() == Native.EINTR) continue;
                Die($"sigwaitinfo failed: {Native.LastError()}");
            }
            if (sig == SignalNames.SIGTERM)
            {
                // Pending signals come out lowest number first, so a WINCH (28) sent just before
                // TERM (15) would still be queued: record everything pending, TERM last, then exit.
                Native.sigdelset(set, SignalNames.SIGTERM);
                int pending;
                while ((pending = Native.sigtimedwait(set, null, noWait)) > 0) Record(fd, pending);
                Record(fd, sig);
                Environment.Exit(0);
            }
            Record(fd, sig);
        }
    }

    private static void Record(int fd, int sig)
    {
        try { RawIo.WriteAll(fd, Encoding.ASCII.GetBytes(SignalNames.Name(sig) + "\n")); }
        catch (FailureException e) { Die(e.Message); }
    }

    /// <summary>
    /// A process-directed signal goes to any thread that does not block it, so every thread must
    /// block the set. Threads created later inherit their creator's mask. The runtime's finalizer
    /// thread is the exception: it is started asynchronously at startup and sets its own mask
    /// (from main's mask at startup) once it runs, so first make sure it has started (waiting for
    /// finalizers needs it), then reach it by running a finalizer that blocks the set there.
    /// /proc is checked afterwards so a missed thread fails loudly (exit 70) instead of letting a
    /// signal's default action kill the process at random.
    /// </summary>
    private static void BlockEverywhere(byte* set, ulong bits)
    {
        Native.sigprocmask(Native.SIG_BLOCK, set, null);
        GC.Collect();
        GC.WaitForPendingFinalizers(); // returns once the finalizer thread is up and looping
        for (int attempt = 0; attempt < 3 && !AllThreadsBlock(bits); attempt++)
        {
            DropMaskSetter((nint)set);
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        if (!AllThreadsBlock(bits))
            throw new FailureException("trap-signals: could not block the signals in every thread "
                + "(trap-signals cannot follow trap-term, whose signal thread already runs)");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void DropMaskSetter(nint set) => _ = new MaskSetter(set);

    /// <summary>Its finalizer runs on the finalizer thread and blocks the set there.</summary>
    private sealed class MaskSetter(nint set)
    {
        ~MaskSetter() => Native.sigprocmask(Native.SIG_BLOCK, (void*)set, null);
    }

    private static bool AllThreadsBlock(ulong bits)
    {
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            string[] status;
            try { status = File.ReadAllLines(Path.Combine(task, "status")); }
            catch (IOException) { continue; } // the thread just ended
            var line = Array.Find(status, l => l.StartsWith("SigBlk:", StringComparison.Ordinal));
            if (line is null
                || !ulong.TryParse(line.AsSpan(7).Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var blocked)
                || (blocked & bits) != bits)
                return false;
        }
        return true;
    }

    private static void Die(string message)
    {
        RawIo.WriteText(RawIo.Stderr, $"tend-dummy: {message}\n");
        Environment.Exit(70);
    }
}

/// <summary>Linux signal numbers (x86_64 and arm64 agree) by name, for kill-self and trap-signals.</summary>
internal static class SignalNames
{
    public const int SIGHUP = 1, SIGINT = 2, SIGQUIT = 3, SIGUSR1 = 10, SIGUSR2 = 12, SIGTERM = 15, SIGWINCH = 28;

    private static readonly string[] Names =
    [
        "", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2", "PIPE",
        "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ",
        "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS",
    ];

    public static string Name(int sig) => sig > 0 && sig < Names.Length ? Names[sig] : $"SIG{sig}";

    /// <summary>Accepts "TERM", "SIGTERM", "term" or "15" (1..64).</summary>
    public static int Parse(VerbArgs a, string text)
    {
        var s = text.ToUpperInvariant();
        if (int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            return n is >= 1 and <= 64 ? n : throw a.Error($"signal number must be 1..64, got {n}");
        if (s.StartsWith("SIG", StringComparison.Ordinal)) s = s[3..];
        int index = Array.IndexOf(Names, s);
        return index > 0 ? index : throw a.Error($"unknown signal '{text}'");
    }
}
