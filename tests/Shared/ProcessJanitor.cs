using System.Diagnostics;

namespace Tend.TestInfrastructure;

/// <summary>
/// Ends what a test process started once the test process is gone, however it went: a test that
/// failed or timed out before its Dispose (xunit abandons a timed-out test and its `using`s), a
/// Ctrl-C, a hang detector's SIGKILL. Disposing is the first line; this is the last. The work is
/// done by tests/Shared/janitor.sh, a child started with a pipe on its stdin: every process tree
/// and container the tests start is written to that pipe, and when the pipe closes (the kernel
/// closes it when this process ends, whatever ends it) the janitor kills the trees still alive and
/// removes the containers. (System.Diagnostics.Process is fine here: this is the test process.)
/// </summary>
public sealed class ProcessJanitor : IDisposable
{
    private static readonly Lazy<ProcessJanitor> SharedJanitor = new(() => new ProcessJanitor(), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The test process's janitor: its pipe lives as long as this process.</summary>
    public static ProcessJanitor Shared => SharedJanitor.Value;

    private readonly Process _janitor;
    private readonly object _gate = new();
    private bool _closed;

    public ProcessJanitor()
    {
        var script = Path.Combine(AppContext.BaseDirectory, "janitor.sh");
        if (!File.Exists(script)) throw new InvalidOperationException($"{script} is missing (tests/Shared/janitor.sh, copied by the test project)");
        var psi = new ProcessStartInfo("bash") { RedirectStandardInput = true, UseShellExecute = false };
        psi.ArgumentList.Add(script);
        _janitor = Process.Start(psi)!;
    }

    /// <summary>The janitor's own pid (tests check that it did its work and ended).</summary>
    public int Pid => _janitor.Id;

    /// <summary>A process and everything below it, killed if still alive when this process ends.</summary>
    public void Register(int pid)
    {
        if (StartTime(pid) is { } start) Send($"pid {pid} {start}");
    }

    /// <summary>A podman container, removed if this process ends first.</summary>
    public void RegisterContainer(string name) => Send($"container {name}");

    /// <summary>
    /// What the kernel does when this process dies: the pipe closes and the janitor ends what is
    /// registered and still alive. Waits (bounded) for it to finish.
    /// </summary>
    public bool Close(TimeSpan timeout)
    {
        lock (_gate)
        {
            if (!_closed) { _closed = true; _janitor.StandardInput.Close(); }
        }
        return _janitor.WaitForExit((int)timeout.TotalMilliseconds);
    }

    public void Dispose()
    {
        Close(TimeSpan.FromSeconds(30));
        _janitor.Dispose();
    }

    private void Send(string line)
    {
        lock (_gate)
        {
            if (_closed) throw new InvalidOperationException("the janitor is closed");
            _janitor.StandardInput.Write(line + "\n");
            _janitor.StandardInput.Flush();
        }
    }

    /// <summary>Field 22 of /proc/PID/stat (after the command name, which may hold spaces), or null when the pid is gone.</summary>
    public static string? StartTime(int pid)
    {
        string stat;
        try { stat = File.ReadAllText($"/proc/{pid}/stat"); }
        catch (IOException) { return null; }
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return fields[19];
    }

    /// <summary>A process and its descendants, parents first (from /proc/PID/task/*/children).</summary>
    public static List<int> Tree(int pid)
    {
        var all = new List<int>();
        var pending = new Queue<int>([pid]);
        while (pending.TryDequeue(out var p))
        {
            if (!Directory.Exists($"/proc/{p}")) continue;
            all.Add(p);
            try
            {
                foreach (var task in Directory.EnumerateDirectories($"/proc/{p}/task"))
                    foreach (var c in File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                        pending.Enqueue(int.Parse(c));
            }
            catch (IOException) { } // it ended while we looked
        }
        return all;
    }

    /// <summary>Whether the pid runs (a zombie has ended: it only waits for its parent to read its status).</summary>
    public static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[stat.LastIndexOf(')') + 2] is not ('Z' or 'X');
        }
        catch (IOException) { return false; }
    }
}
