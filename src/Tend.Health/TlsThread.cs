namespace Tend.Health;

/// <summary>
/// The one thread every TLS exchange runs on. Tend's release binary is linked statically against
/// glibc; the image's libssl comes with the image's own libc.so.6, which the static loader brings
/// in beside Tend's. That libc sets up its per-thread state (the ctype tables isspace() reads,
/// among others) only for the thread that loaded it: OpenSSL called from any other thread Tend
/// started crashed (SIGSEGV in libcrypto, reading a null ctype table, when two https probes ran on
/// two probe threads). So the library is loaded here and only this thread ever calls into it;
/// https probes wait their turn, each bounded by its own deadline.
/// </summary>
internal static class TlsThread
{
    private static readonly object Gate = new();
    private static readonly Queue<Action> Work = new();
    private static Thread? _thread;

    /// <summary>Runs <paramref name="exchange"/> on the TLS thread; gives up waiting when <paramref name="deadline"/> passes (plus a grace for the exchange's own timeout to fire).</summary>
    public static ProbeResult Run(Func<ProbeResult> exchange, Deadline deadline)
    {
        ProbeResult? result = null;
        var done = new ManualResetEventSlim(); // not disposed: the exchange may still set it after this call gave up waiting
        lock (Gate)
        {
            Work.Enqueue(() =>
            {
                try { result = exchange(); }
                catch (Exception e) { result = new(false, "probe error: " + Model.ErrorText.Of(e)); }
                done.Set();
            });
            EnsureStarted();
            Monitor.Pulse(Gate);
        }
        var wait = deadline.RemainingPollMicroseconds / 1000 + 500;
        return done.Wait(Math.Max(wait, 1)) && result is { } r ? r : new(false, deadline.TimedOut + " (waiting for another https probe)");
    }

    private static void EnsureStarted()
    {
        if (_thread is not null) return;
        _thread = new Thread(Loop, 1024 * 1024) { IsBackground = true, Name = "tend-tls" };
        _thread.Start();
    }

    private static void Loop()
    {
        while (true)
        {
            Action next;
            lock (Gate)
            {
                while (Work.Count == 0) Monitor.Wait(Gate);
                next = Work.Dequeue();
            }
            next();
        }
    }
}
