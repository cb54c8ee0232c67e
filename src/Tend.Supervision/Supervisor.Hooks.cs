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
    /// <summary>
    /// Runs a runit service's control/u (<see cref="RunitStartHook"/>) before a start: true when it
    /// was started, and the start waits for it (<see cref="Phase.WaitingForStartHook"/>); its end
    /// is an event of the life cycle. False when there is none, or it could not run (runsv starts
    /// ./run anyway).
    /// </summary>
    private bool RunStartHook(ProgramRuntime p)
    {
        if (!_runitStartHooks || RunitStartHook.Of(p.Spec) is not { } hook) return false;
        var dir = p.Spec.ServiceDirectory ?? p.Spec.WorkingDir ?? "/";
        var request = new SpawnRequest
        {
            Argv = hook,
            Environment = _options.Environment.Select(kv => $"{kv.Key}={kv.Value}").ToList(),
            WorkingDir = dir,
        };
        var pid = StartSideJob(ChildKind.StartHook, $"{hook[0]} before starting \"{p.Name}\"", request, StartHookTimeout, _ => OnStartHookEnded(p));
        if (pid <= 0) return false;
        p.StartHookPid = pid;
        return true;
    }

    /// <summary>runsv waits for control/u without limit; Tend bounds it so one stuck script cannot keep a service down for ever.</summary>
    private static readonly TimeSpan StartHookTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Runs <paramref name="argv"/> in <paramref name="workingDir"/> with Tend's environment (loop thread only).</summary>
    public void RunHook(string label, IReadOnlyList<string> argv, string workingDir, TimeSpan timeout, Action<ExitStatus?> done)
    {
        var request = new SpawnRequest
        {
            Argv = argv,
            Environment = _options.Environment.Select(kv => $"{kv.Key}={kv.Value}").ToList(),
            WorkingDir = workingDir,
        };
        var pid = StartSideJob(ChildKind.Hook, label, request, timeout, status => done(status));
        if (pid == 0) done(null);
    }
}
