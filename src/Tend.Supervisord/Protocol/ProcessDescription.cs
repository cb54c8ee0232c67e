using System.Globalization;
using Tend.Supervisord.Backend;

namespace Tend.Supervisord.Protocol;

/// <summary>
/// The "description" field, which supervisorctl status prints verbatim: "pid 12, uptime 0:01:02"
/// when RUNNING; the spawn error, or 'unknown error (try "tail web")', for BACKOFF and FATAL; the
/// local stop time ("Nov 28 10:40 PM") for STOPPED and EXITED, or "Not started" if it never
/// started; empty for STARTING, STOPPING and UNKNOWN.
/// </summary>
public static class ProcessDescription
{
    // Python's C-locale %b: English whatever the machine's locale.
    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    public static string For(ProcessSnapshot p, long now, TimeZoneInfo zone) => p.State switch
    {
        ProcessState.Running => $"pid {p.Pid}, uptime {Uptime(now - p.StartTime)}",
        ProcessState.Fatal or ProcessState.Backoff => p.SpawnError.Length > 0 ? p.SpawnError : $"unknown error (try \"tail {p.Name}\")",
        ProcessState.Stopped or ProcessState.Exited => p.StartTime != 0 ? StopTime(p.StopTime, zone) : "Not started",
        _ => "",
    };

    /// <summary>Python's str(timedelta) for whole seconds: "0:00:05", "1 day, 2:03:04", "3 days, 0:00:00". A clock set back gives 0:00:00.</summary>
    public static string Uptime(long seconds)
    {
        if (seconds < 0) seconds = 0;
        var days = seconds / 86400;
        var rest = seconds % 86400;
        var clock = string.Create(CultureInfo.InvariantCulture, $"{rest / 3600}:{rest / 60 % 60:00}:{rest % 60:00}");
        return days == 0 ? clock : string.Create(CultureInfo.InvariantCulture, $"{days} day{(days == 1 ? "" : "s")}, {clock}");
    }

    /// <summary>strftime('%b %d %I:%M %p') of the local time: "Nov 28 10:40 PM", "Jan 02 09:05 AM".</summary>
    public static string StopTime(long unixSeconds, TimeZoneInfo zone)
    {
        var t = TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeSeconds(unixSeconds), zone);
        var hour12 = t.Hour % 12 == 0 ? 12 : t.Hour % 12;
        return string.Create(CultureInfo.InvariantCulture, $"{Months[t.Month - 1]} {t.Day:00} {hour12:00}:{t.Minute:00} {(t.Hour < 12 ? "AM" : "PM")}");
    }
}
