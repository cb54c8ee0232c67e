using Tend.Runit.Status;
using Tend.Supervision;

namespace Tend.Runit.Supervise;

/// <summary>
/// One <c>supervise/</c> directory and the program behind it (a service, or its "NAME-log"):
/// the record sv reads, kept only by the runit thread, so every publish comes from one writer.
/// </summary>
internal sealed class SuperviseEndpoint(string program, SuperviseDirectory directory, bool isLog, SuperviseStatus initial)
{
    public string Program { get; } = program;
    public SuperviseDirectory Directory { get; } = directory;
    public bool IsLog { get; } = isLog;

    /// <summary>The single truth for this directory's status, stat and pid files.</summary>
    public SuperviseStatus Status { get; set; } = initial;

    /// <summary>Writes the record. A failure is reported, not thrown: runsv warns and carries on too.</summary>
    public void Publish(Action<string> report)
    {
        try { Directory.Publish(Status); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Posix.PosixException)
        {
            report($"{Directory.Path}: cannot update the status files: {Model.ErrorText.Of(e)}");
        }
    }

    /// <summary>Folds a state change of the program into the record; true when it changed.</summary>
    public bool Apply(ProgramView view)
    {
        var next = StatusTransition.Next(Status, view.RunState, view.Pid, view.Stopping, DateTimeOffset.FromUnixTimeMilliseconds(view.AtUnixMs));
        if (next == Status) return false;
        Status = next;
        return true;
    }
}

/// <summary>A program's state as an observer saw it on the loop thread, for the runit thread.</summary>
internal readonly record struct ProgramView(string Name, ProgramState State, int ProcessPid, long AtUnixMs, int FinishPid = 0)
{
    /// <summary>
    /// Tend's states in runit's terms: a process exists (starting, running, or stopping and not yet
    /// reaped) is "run"; ./finish running after it is "finish"; waiting to restart, stopped, exited
    /// or fatal is "down".
    /// </summary>
    public RunState RunState => State is ProgramState.Starting or ProgramState.Running or ProgramState.Stopping && ProcessPid > 0
        ? RunState.Run
        : FinishPid > 0 ? RunState.Finish : RunState.Down;

    /// <summary>The pid runsv would show: the service's, or its ./finish's while that runs.</summary>
    public int Pid => ProcessPid > 0 ? ProcessPid : FinishPid;

    /// <summary>Tend has sent the stop signal (TERM for a runit service): runsv's "got TERM".</summary>
    public bool Stopping => State == ProgramState.Stopping;

    public static ProgramView Of(ProgramRuntime p, long atUnixMs) => new(p.Name, p.State, p.Pid, atUnixMs, p.FinishPid);
}
