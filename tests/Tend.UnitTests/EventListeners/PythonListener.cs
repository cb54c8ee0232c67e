using System.Diagnostics;
using System.IO.Pipes;
using Tend.Posix.Events;
using Tend.Supervision.EventListeners;
using Xunit.Abstractions;

namespace Tend.UnitTests.EventListeners;

/// <summary>
/// A real supervisord event listener: a Python script using supervisor.childutils (the module real
/// listeners import), run by a python3 that has it, connected through real pipes to a
/// <see cref="ListenerChannel"/>. The test drives the channel the way Tend's loop will (epoll on
/// the listener's stdout) and waits on the file the script writes. Without python3 and the
/// supervisor module the tests fail when CI=true, and otherwise say so in their output and pass.
/// </summary>
internal sealed class PythonListener : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _stderr;
    private readonly Epoll _epoll = new();
    private readonly string _dir;

    private PythonListener(Process process, string dir, ListenerPool pool, string name)
    {
        _process = process;
        _dir = dir;
        _stderr = process.StandardError.ReadToEndAsync();
        Channel = pool.Attach(name, TakeFd(process.StandardInput.BaseStream), TakeFd(process.StandardOutput.BaseStream));
        _epoll.Add(Channel.StdoutFd, 1);
    }

    public ListenerChannel Channel { get; }

    /// <summary>The file the script writes what it received to (its first argument).</summary>
    public string RecordPath => Path.Combine(_dir, "record.txt");

    /// <summary>Starts <paramref name="script"/>; null when no python3 with supervisor is here outside CI (the test should return).</summary>
    public static PythonListener? Start(string script, ListenerPool pool, string name, ITestOutputHelper output)
    {
        var python = FindPythonWithSupervisor();
        if (python is null)
        {
            const string Missing = "no python3 with the supervisor module (Debian package 'supervisor'): the real event listener test did NOT run";
            if (Environment.GetEnvironmentVariable("CI") == "true") Assert.Fail(Missing + " (CI=true)");
            output.WriteLine("SKIPPED: " + Missing);
            return null;
        }
        var dir = Directory.CreateTempSubdirectory("tend-listener-").FullName;
        var scriptPath = Path.Combine(dir, "listener.py");
        File.WriteAllText(scriptPath, script);
        var psi = new ProcessStartInfo(python, [scriptPath, Path.Combine(dir, "record.txt")])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Deterministic text encoding whatever the test machine's locale (len: counts characters).
        psi.Environment["PYTHONIOENCODING"] = "utf-8";
        return new PythonListener(Process.Start(psi)!, dir, pool, name);
    }

    /// <summary>
    /// Runs the channel as Tend's loop would (epoll on its stdout) until the record file has
    /// <paramref name="lines"/> lines, or fails after the timeout with what the script said.
    /// </summary>
    public string[] RunUntil(int lines, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        Span<ulong> tokens = stackalloc ulong[1];
        while (true)
        {
            var got = File.Exists(RecordPath) ? File.ReadAllLines(RecordPath) : [];
            if (got.Length >= lines) return got;
            if (deadline.Elapsed > timeout || _process.HasExited)
                Assert.Fail($"the listener wrote {got.Length} of {lines} lines in {deadline.Elapsed.TotalSeconds:F1} s " +
                            $"(exited: {_process.HasExited}); so far:\n{string.Join("\n", got)}\nstderr:\n{Stderr()}");
            if (_epoll.Wait(tokens, 100) > 0) Channel.OnReadable();
            if (Channel.WantsWritable) Channel.FlushWritable();
        }
    }

    /// <summary>Runs the channel until <paramref name="done"/> holds, or fails after the timeout.</summary>
    public void RunUntil(Func<bool> done, TimeSpan timeout, string what)
    {
        var deadline = Stopwatch.StartNew();
        Span<ulong> tokens = stackalloc ulong[1];
        while (!done())
        {
            if (deadline.Elapsed > timeout) Assert.Fail($"timed out waiting for {what}; stderr:\n{Stderr()}");
            if (_epoll.Wait(tokens, 100) > 0 && !Channel.OnReadable()) _epoll.Remove(Channel.StdoutFd);
        }
    }

    private string Stderr()
    {
        if (!_process.HasExited) _process.Kill();
        return _stderr.Wait(5000) ? _stderr.Result : "(not available)";
    }

    /// <summary>
    /// The raw descriptor under one of Process's pipe streams, taken over: the stream no longer
    /// owns it, the channel does (and closes it).
    /// </summary>
    private static int TakeFd(Stream stream)
    {
        var handle = ((PipeStream)stream).SafePipeHandle;
        var fd = (int)handle.DangerousGetHandle();
        handle.SetHandleAsInvalid();
        return fd;
    }

    private static string? FindPythonWithSupervisor()
    {
        var candidates = new List<string> { "/usr/bin/python3" };
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
            candidates.Add(Path.Combine(dir, "python3"));
        foreach (var python in candidates.Where(File.Exists).Distinct())
        {
            using var probe = Process.Start(new ProcessStartInfo(python, ["-c", "import supervisor.childutils"])
            {
                RedirectStandardError = true,
                UseShellExecute = false,
            })!;
            probe.StandardError.ReadToEnd();
            if (probe.WaitForExit(30_000) && probe.ExitCode == 0) return python;
        }
        return null;
    }

    public void Dispose()
    {
        _epoll.Dispose();
        Channel.Dispose(); // closes its stdin: the script's next read sees EOF
        if (!_process.WaitForExit(5000)) _process.Kill();
        _process.Dispose();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
