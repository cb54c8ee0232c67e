using Tend.Posix;

namespace Tend.Supervision;

/// <summary>
/// Every child of Tend in one table, from pid to what it is: a program's process (a longrun, a
/// oneshot, a logger, an event listener), a finish command, a start hook, a oneshot's down
/// command, a shutdown command, a compatibility hook, an exec probe or a job's run. Exits are
/// routed from here (<see cref="RouteExits"/>), and the deadlines of the children that have one
/// (side jobs, exec probes, job runs) are read and fired from here (<see cref="NextChildDeadline"/>,
/// <see cref="FireChildDeadlines"/>). A program's own timer is its phase's, in the life cycle.
/// An entry is a struct: registering a program's process allocates nothing.
/// </summary>
public sealed partial class Supervisor
{
    /// <summary>What a child is.</summary>
    internal enum ChildKind { Program, Finish, StartHook, DownCommand, ShutdownCommand, Hook, ExecProbe, JobRun }

    /// <summary>One child: what it is, and the state of its owner it belongs to.</summary>
    private readonly record struct Child(ChildKind Kind, ProgramRuntime? Program = null, SideJob? Side = null,
        ExecProbeRun? Probe = null, JobRuntime? Job = null, JobRun? Run = null)
    {
        /// <summary>When it must be dealt with (killed, stopped), long.MaxValue: never; a program's timer is its phase's.</summary>
        public long DeadlineMs => Kind switch
        {
            ChildKind.Program => long.MaxValue,
            ChildKind.ExecProbe => Probe!.DeadlineMs,
            ChildKind.JobRun => Run!.DeadlineMs,
            _ => Side!.DeadlineMs,
        };
    }

    private readonly Dictionary<int, Child> _children = [];
    private readonly List<int> _dueChildren = [];

    /// <summary>Hands each reaped exit to what the child was; a pid Tend did not start is an orphan.</summary>
    private void RouteExits(List<(int Pid, ExitStatus Status)> exits)
    {
        foreach (var (pid, status) in exits)
        {
            if (!_children.Remove(pid, out var child))
            {
                OrphansReaped++;
                continue;
            }
            // One child's trouble must never take Tend down.
            try
            {
                switch (child.Kind)
                {
                    case ChildKind.Program:
                        OnExited(child.Program!, status);
                        break;
                    case ChildKind.ExecProbe:
                        OnExecProbeExit(pid, child.Probe!, status);
                        break;
                    case ChildKind.JobRun:
                        OnJobExit(pid, child.Job!, child.Run!, status);
                        break;
                    default:
                        child.Side!.OnExit(status);
                        break;
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                var what = child.Program is { } p ? $"\"{p.Name}\"" : child.Side?.Label ?? child.Job?.Name ?? child.Kind.ToString();
                Log($"internal error handling the exit of {what} (pid {pid}): {Model.ErrorText.Of(e)}", level: Chat.Error);
            }
        }
    }

    /// <summary>The nearest deadline of a child (not a program's phase timer).</summary>
    private long NextChildDeadline()
    {
        var next = long.MaxValue;
        foreach (var child in _children.Values)
            if (child.DeadlineMs < next) next = child.DeadlineMs;
        return next;
    }

    /// <summary>Children whose deadline has come: each handled by what it is.</summary>
    private void FireChildDeadlines(long now)
    {
        _dueChildren.Clear();
        foreach (var (pid, child) in _children)
            if (child.DeadlineMs <= now) _dueChildren.Add(pid);
        foreach (var pid in _dueChildren)
        {
            if (!_children.TryGetValue(pid, out var child)) continue;
            switch (child.Kind)
            {
                case ChildKind.ExecProbe:
                    ExecProbeTimedOut(pid, child.Probe!);
                    break;
                case ChildKind.JobRun:
                    JobRunDue(child.Job!, child.Run!);
                    break;
                case ChildKind.Program:
                    break; // never due: its timer is its phase's
                default:
                    SideJobTimedOut(pid, child.Side!);
                    break;
            }
        }
    }

    /// <summary>The process of a program, just spawned.</summary>
    private void AddProgramChild(int pid, ProgramRuntime p) => _children[pid] = new Child(ChildKind.Program, Program: p);

    private bool AnyChild(ChildKind kind)
    {
        foreach (var child in _children.Values)
            if (child.Kind == kind) return true;
        return false;
    }
}
