namespace Tend.Supervision;

/// <summary>
/// The entry points of the in-memory harness (tests/Tend.UnitTests/Supervision/Harness): with a
/// fake <see cref="IProcessHost"/> in the options, the harness runs the supervisor's own code, wake
/// by wake, with no epoll wait, no signals and no kernel. What the loop does between waits is the
/// same code (<see cref="BeginSupervising"/>, <see cref="AfterWake"/>); only the wait is the harness's.
/// </summary>
public sealed partial class Supervisor
{
    /// <summary>What <see cref="Run"/> does before its first wait.</summary>
    internal void HarnessBegin() => BeginSupervising();

    /// <summary>One wake of the loop (reaping, timers, starts, shutdown), as after an epoll wait.</summary>
    internal void HarnessWake() => AfterWake();

    /// <summary>The loop has finished (the shutdown is over): <see cref="Run"/> would return this code.</summary>
    internal int? HarnessExitCode => _finished ? ExitCode() : null;

    /// <summary>The nearest deadline of any timer (monotonic ms), long.MaxValue when none: the wait the loop would make.</summary>
    internal long HarnessNextDeadline()
    {
        var ms = TimeoutUntilNextDeadline();
        return ms < 0 ? long.MaxValue : NowMs + ms;
    }

    /// <summary>A readiness verdict, as a probe, notification-fd or READY=1 gives it.</summary>
    internal void HarnessReady(ProgramRuntime p)
    {
        p.ReadinessPassing = true;
        OnReady(p, "harness");
    }

    /// <summary>A failing liveness verdict, as the probe tracker gives it.</summary>
    internal void HarnessLivenessFails(ProgramRuntime p)
    {
        p.LivenessPassing = false;
        if (!_shuttingDown) OnLivenessFailed(p);
    }
}
