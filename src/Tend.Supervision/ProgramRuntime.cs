using Tend.Model;
using Tend.Posix;

namespace Tend.Supervision;

/// <summary>One program's live state. Owned by the supervision loop thread; never locked.</summary>
public sealed class ProgramRuntime(ProgramSpec spec)
{
    public ProgramSpec Spec { get; } = spec;
    public string Name => Spec.Name;
    public ProgramState State { get; internal set; } = ProgramState.Stopped;
    public Want Want { get; internal set; } = Want.Down;
    public int Pid { get; internal set; }

    /// <summary>Monotonic ms when the current process was started.</summary>
    public long StartedAtMs { get; internal set; }

    /// <summary>When the current state's timer fires (start_seconds, backoff, stop timeout); long.MaxValue: none.</summary>
    public long DeadlineMs { get; internal set; } = long.MaxValue;

    public int FailedStarts { get; internal set; }
    public int Restarts { get; internal set; }
    public ExitStatus? LastExit { get; internal set; }
    public string? LastError { get; internal set; }

    /// <summary>Went FATAL, was killed at its stop timeout, or ended with an unexpected code.</summary>
    public bool Failed { get; internal set; }

    /// <summary>SIGKILL has been sent for the current stop.</summary>
    public bool Killed { get; internal set; }

    public bool IsDown => State is ProgramState.Stopped or ProgramState.Exited or ProgramState.Fatal;
}
