using System.Text.RegularExpressions;
using Tend.Logging;
using Tend.Model;

namespace Tend.Supervision;

/// <summary>
/// ready_log_line (process-compose's): the first line of a run's output that the pattern matches
/// makes the program ready, exactly as sd_notify's READY=1 does (<see cref="MarkNotifiedReady"/>).
/// The lines are matched on the log thread, which only posts the match here; the run is recognised
/// by its pid, so a match read late from a run that has ended changes nothing.
/// </summary>
public sealed partial class Supervisor
{
    /// <summary>Each spec's pattern, compiled once (a reload's new spec compiles its own).</summary>
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<ProgramSpec, Regex> _readyPatterns = new();

    /// <summary>A fresh watch for the run just spawned (so matching starts over at every start), or null without the key.</summary>
    private LineWatch? ReadyLineWatchOf(ProgramRuntime p)
    {
        if (p.Spec.ReadyLogLine is null) return null;
        var pattern = _readyPatterns.GetValue(p.Spec, spec => ReadyLogLinePattern.Compile(spec.ReadyLogLine!));
        var pid = p.Pid;
        return new LineWatch(pattern, () => Post(() => OnReadyLogLine(p, pid)));
    }

    private void OnReadyLogLine(ProgramRuntime p, int pid)
    {
        if (p.Pid != pid) return; // a line of an earlier run
        MarkNotifiedReady(p, "a line of its output matched ready_log_line");
    }
}
