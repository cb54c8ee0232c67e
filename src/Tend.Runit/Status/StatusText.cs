using System.Globalization;
using System.Text;

namespace Tend.Runit.Status;

/// <summary>The human-readable companions of supervise/status: the stat and pid files.</summary>
public static class StatusText
{
    /// <summary>
    /// supervise/stat: "run", "down" or "finish", then ", paused", ", got TERM", and
    /// ", want down" / ", want exit" while not down, then a newline; runsv's order.
    /// </summary>
    public static string Stat(in SuperviseStatus status)
    {
        var text = new StringBuilder(status.State switch
        {
            RunState.Run => "run",
            RunState.Finish => "finish",
            _ => "down",
        });
        if (status.Paused) text.Append(", paused");
        if (status.TermSent) text.Append(", got TERM");
        if (status.State != RunState.Down)
        {
            if (status.Want == Want.Down) text.Append(", want down");
            else if (status.Want == Want.Exit) text.Append(", want exit");
        }
        return text.Append('\n').ToString();
    }

    /// <summary>supervise/pid: the decimal pid and a newline, or empty when there is no process.</summary>
    public static string Pid(int pid) => pid == 0 ? "" : pid.ToString(CultureInfo.InvariantCulture) + "\n";
}
