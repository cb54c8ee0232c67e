using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Tend.TestDummy.Verbs;

/// <summary>Lifetime verbs: how long the process lives, how it ends, and what it leaves behind.</summary>
internal static unsafe class ProcessVerbs
{
    public static Action Sleep(VerbArgs a)
    {
        a.Expect(1, 1, "SECONDS|inf");
        var text = a[0];
        if (text is "inf" or "infinity")
            return () => Thread.Sleep(Timeout.Infinite);
        if (!double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds)
            || !double.IsFinite(seconds))
            throw a.Error($"SECONDS must be a non-negative number or 'inf', got '{text}'");
        return () => SleepFor(seconds);
    }

    /// <summary>Thread.Sleep tops out at int.MaxValue ms (~24 days), so long sleeps go in slices.</summary>
    private static void SleepFor(double seconds)
    {
        var remaining = TimeSpan.FromSeconds(seconds);
        var slice = TimeSpan.FromMilliseconds(int.MaxValue - 1);
        while (remaining > TimeSpan.Zero)
        {
            var now = remaining < slice ? remaining : slice;
            Thread.Sleep(now);
            remaining -= now;
        }
    }

    public static Action Exit(VerbArgs a)
    {
        a.Expect(1, 1, "N");
        int code = (int)a.Integer(0, "N", int.MinValue, int.MaxValue);
        // Nothing is buffered (all output is raw write(2)), so exiting right here loses nothing.
        return () => Environment.Exit(code);
    }

    public static Action KillSelf(VerbArgs a)
    {
        a.Expect(1, 1, "SIG");
        int sig = SignalNames.Parse(a, a[0]);
        return () =>
        {
            // No core files from tests that kill themselves with QUIT/ABRT/SEGV: they would litter
            // the test's cwd and make the death slow. The wait status still says "signal N".
            ulong* noCore = stackalloc ulong[2] { 0, 0 };
            Native.setrlimit(Native.RLIMIT_CORE, noCore);

            // Default disposition (the runtime has its own handlers for e.g. SEGV, and an inherited
            // SIG_IGN must not save us) and unblocked, so raise() delivers it before returning.
            Native.signal(sig, Native.SIG_DFL);
            byte* set = stackalloc byte[Native.SigsetBytes];
            Native.sigemptyset(set);
            Native.sigaddset(set, sig);
            Native.sigprocmask(Native.SIG_UNBLOCK, set, null);
            Native.raise(sig);
            // Still alive: the default action is to ignore (CHLD, WINCH, URG, CONT) or stop and we
            // were continued. Carry on with the next verb.
        };
    }

    public static Action Orphans(VerbArgs a)
    {
        a.Expect(1, 2, "N [SECONDS]");
        int count = (int)a.Integer(0, "N", 0, 100_000);
        double seconds = 0;
        if (a.Count > 1 && (!double.TryParse(a[1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out seconds)
            || !double.IsFinite(seconds)))
            throw a.Error($"SECONDS must be a non-negative number, got '{a[1]}'");
        var secondsText = a.Count > 1 ? a[1] : "0";
        return () =>
        {
            SpawnDetached(count, secondsText, seconds == 0);
            // Exit at once: the children outlive us and get re-parented to our parent (tend, as
            // subreaper) or to PID 1 — that is the point of the verb.
            Environment.Exit(0);
        };
    }

    /// <summary>
    /// posix_spawn (vfork+exec inside libc) rather than Process.Start: Process would install a
    /// SIGCHLD handler and a reaping thread, and would want to wait for the children. The attr
    /// resets every signal to default and empties the mask, so the children do not inherit
    /// anything the .NET runtime or our earlier verbs set up.
    /// </summary>
    private static void SpawnDetached(int count, string secondsText, bool instant)
    {
        // /bin/true starts in well under a millisecond, which keeps `orphans 1000` fast.
        bool useTrue = instant && Native.access("/bin/true", 1 /* X_OK */) == 0;
        string path = useTrue ? "/bin/true" : Environment.ProcessPath
            ?? throw new FailureException("orphans: cannot find own executable");
        string[] argv = useTrue ? ["true"] : ["tend-dummy", "sleep", secondsText];

        var strings = new List<nint>();
        byte* attr = (byte*)NativeMemory.AllocZeroed(Native.SpawnAttrBytes);
        byte* defaults = (byte*)NativeMemory.AllocZeroed(Native.SigsetBytes);
        byte* mask = (byte*)NativeMemory.AllocZeroed(Native.SigsetBytes);
        byte** argvPtr = (byte**)NativeMemory.AllocZeroed((nuint)(argv.Length + 1), (nuint)sizeof(nint));
        try
        {
            byte* pathPtr = Utf8(path, strings);
            for (int i = 0; i < argv.Length; i++) argvPtr[i] = Utf8(argv[i], strings);

            Check(Native.posix_spawnattr_init(attr), "posix_spawnattr_init");
            Native.sigfillset(defaults);
            Native.sigemptyset(mask);
            Check(Native.posix_spawnattr_setsigdefault(attr, defaults), "posix_spawnattr_setsigdefault");
            Check(Native.posix_spawnattr_setsigmask(attr, mask), "posix_spawnattr_setsigmask");
            Check(Native.posix_spawnattr_setflags(attr, Native.POSIX_SPAWN_SETSIGDEF | Native.POSIX_SPAWN_SETSIGMASK),
                "posix_spawnattr_setflags");

            byte** envp = Environ(strings);
            for (int i = 0; i < count; i++)
            {
                int pid;
                Check(Native.posix_spawn(&pid, pathPtr, null, attr, argvPtr, envp), $"posix_spawn {path}");
            }
            Native.posix_spawnattr_destroy(attr);
        }
        finally
        {
            foreach (var s in strings) NativeMemory.Free((void*)s);
            NativeMemory.Free(argvPtr);
            NativeMemory.Free(mask);
            NativeMemory.Free(defaults);
            NativeMemory.Free(attr);
        }
    }

    /// <summary>
    /// The children get our environment exactly as libc holds it (C's `environ`); if the symbol
    /// cannot be found, rebuild it from what .NET saw at startup.
    /// </summary>
    private static byte** Environ(List<nint> strings)
    {
        if (NativeLibrary.TryGetExport(NativeLibrary.GetMainProgramHandle(), "environ", out var address)
            && *(byte***)address != null)
            return *(byte***)address;

        var vars = Environment.GetEnvironmentVariables();
        byte** envp = (byte**)NativeMemory.AllocZeroed((nuint)(vars.Count + 1), (nuint)sizeof(nint));
        strings.Add((nint)envp);
        int i = 0;
        foreach (System.Collections.DictionaryEntry e in vars) envp[i++] = Utf8($"{e.Key}={e.Value}", strings);
        return envp;
    }

    private static byte* Utf8(string s, List<nint> owned)
    {
        int n = Encoding.UTF8.GetByteCount(s);
        byte* p = (byte*)NativeMemory.Alloc((nuint)n + 1);
        owned.Add((nint)p);
        Encoding.UTF8.GetBytes(s, new Span<byte>(p, n));
        p[n] = 0;
        return p;
    }

    private static void Check(int error, string what)
    {
        if (error != 0) throw new FailureException($"orphans: {what} failed: {Native.ErrorText(error)}");
    }
}
