using Tend.Runit.Status;

namespace Tend.Runit.Supervise;

/// <summary>
/// A runit service directory under supervision: its own <c>supervise/</c> and, when the
/// directory has a <c>log/</c> subdirectory, <c>log/supervise/</c> for the log service (sv
/// status reports it after a "; ").
/// </summary>
public sealed class SupervisedService : IDisposable
{
    public SuperviseDirectory Main { get; }

    /// <summary>The log service's supervise directory, or null when there is no <c>log/</c>.</summary>
    public SuperviseDirectory? Log { get; }

    private SupervisedService(SuperviseDirectory main, SuperviseDirectory? log)
    {
        Main = main;
        Log = log;
    }

    /// <summary>True when <paramref name="serviceDirectory"/> has a <c>log/</c> directory, as runsv checks.</summary>
    public static bool HasLog(string serviceDirectory) => Directory.Exists(Path.Combine(serviceDirectory, "log"));

    /// <summary>
    /// A service's state before its first start, as runsv sets it: down, no pid, since
    /// <paramref name="now"/>, want up unless a <c>down</c> file exists.
    /// </summary>
    public static SuperviseStatus InitialStatus(string serviceDirectory, DateTimeOffset now) =>
        new(now, 0, RunState.Down, Path.Exists(Path.Combine(serviceDirectory, "down")) ? Want.Down : Want.Up);

    /// <summary>
    /// Sets up both supervise directories in runsv's order (each one's lock, control and status
    /// first; both <c>ok</c> FIFOs last), so sv never sees the service supervised while the log's
    /// files are still missing. Initial states default to <see cref="InitialStatus"/>.
    /// </summary>
    public static SupervisedService Open(string serviceDirectory, DateTimeOffset now,
        SuperviseStatus? main = null, SuperviseStatus? log = null)
    {
        var logDirectory = Path.Combine(serviceDirectory, "log");
        var mainSupervise = SuperviseDirectory.Prepare(serviceDirectory, main ?? InitialStatus(serviceDirectory, now));
        SuperviseDirectory? logSupervise = null;
        try
        {
            if (HasLog(serviceDirectory))
                logSupervise = SuperviseDirectory.Prepare(logDirectory, log ?? InitialStatus(logDirectory, now));
            mainSupervise.Announce();
            logSupervise?.Announce();
            return new SupervisedService(mainSupervise, logSupervise);
        }
        catch
        {
            logSupervise?.Dispose();
            mainSupervise.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Main.Dispose();
        Log?.Dispose();
    }
}
