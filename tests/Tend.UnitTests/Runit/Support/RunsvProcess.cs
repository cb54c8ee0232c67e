using System.Diagnostics;
using Tend.Model;
using Tend.Posix;
using Tend.Runit.Status;

namespace Tend.UnitTests.Runit.Support;

/// <summary>
/// The real runsv on one service directory. Dispose kills runsv first (so it cannot restart
/// anything), then every process its pid files name (./run, ./finish, log/run).
/// </summary>
internal sealed class RunsvProcess : IDisposable
{
    private readonly Process _process;
    public string ServiceDirectory { get; }

    private RunsvProcess(string serviceDirectory, Process process)
    {
        ServiceDirectory = serviceDirectory;
        _process = process;
    }

    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;

    public static RunsvProcess Start(string serviceDirectory)
    {
        RunitTools.Require();
        var start = new ProcessStartInfo(RunitTools.Runsv!) { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(serviceDirectory);
        var process = Process.Start(start)!;
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return new RunsvProcess(serviceDirectory, process);
    }

    /// <summary>Waits until runsv has announced itself (ok exists) and its record satisfies <paramref name="ready"/>.</summary>
    public SuperviseStatus WaitFor(Func<SuperviseStatus, bool> ready, string what, string? subdirectory = null)
    {
        var dir = subdirectory is null ? ServiceDirectory : Path.Combine(ServiceDirectory, subdirectory);
        SuperviseStatus status = default;
        RunitTools.WaitUntil(() =>
            File.Exists(Path.Combine(dir, "supervise", "ok")) && Listens(dir) && TryRead(dir, out status) && ready(status), what);
        return status;
    }

    /// <summary>
    /// runsv holds supervise/ok open for reading once it is in its loop; until then sv's open of it
    /// for writing fails (ENXIO) and sv says "runsv not running", though the fifo and the status exist.
    /// </summary>
    private static bool Listens(string serviceDirectory)
    {
        var fd = Tend.Posix.Interop.LibC.open(Path.Combine(serviceDirectory, "supervise", "ok"),
            Tend.Posix.Interop.LibC.O_WRONLY | Tend.Posix.Interop.LibC.O_NONBLOCK | Tend.Posix.Interop.LibC.O_CLOEXEC, 0);
        if (fd < 0) return false;
        Tend.Posix.Interop.LibC.close(fd);
        return true;
    }

    public static bool TryRead(string serviceDirectory, out SuperviseStatus status)
    {
        status = default;
        try { return SuperviseStatus.TryDecode(File.ReadAllBytes(Path.Combine(serviceDirectory, "supervise", "status")), out status); }
        catch (IOException) { return false; }
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill();
        _process.WaitForExit(5000);
        foreach (var pidFile in new[] { "supervise/pid", "log/supervise/pid" })
        {
            var path = Path.Combine(ServiceDirectory, pidFile);
            if (File.Exists(path) && int.TryParse(File.ReadAllText(path).Trim(), out var pid) && pid > 0)
                ProcessControl.Signal(pid, Signals.SIGKILL);
        }
        _process.Dispose();
    }
}
