using Tend.Posix;
using Tend.Posix.Spawn;

namespace Tend.Supervision;

/// <summary>
/// Short helper commands run for a compatibility layer, such as runit's control/&lt;c&gt; scripts:
/// spawned and reaped on the loop thread like the other side jobs, killed at their timeout, and
/// their exit status handed to the caller's callback (null when they could not start).
/// </summary>
public sealed partial class Supervisor
{
    /// <summary>Runs <paramref name="argv"/> in <paramref name="workingDir"/> with Tend's environment (loop thread only).</summary>
    public void RunHook(string label, IReadOnlyList<string> argv, string workingDir, TimeSpan timeout, Action<ExitStatus?> done)
    {
        var request = new SpawnRequest
        {
            Argv = argv,
            Environment = _options.Environment.Select(kv => $"{kv.Key}={kv.Value}").ToList(),
            WorkingDir = workingDir,
        };
        var pid = StartSideJob(label, request, timeout, status => done(status));
        if (pid == 0) done(null);
    }
}
