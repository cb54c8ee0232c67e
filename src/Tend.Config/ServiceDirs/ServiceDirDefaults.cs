using Tend.Model;

namespace Tend.Config.ServiceDirs;

/// <summary>
/// What runsv and s6-supervise do that YAML leaves to settings, written once for both readers.
/// Both restart a service for ever whatever its exit code, and both wait a full second before
/// respawning a service that died within a second of its start (runsv's sleep(1), s6-supervise's
/// 1 s minimum between spawns). Tend keeps "for ever" but not that floor: an exit within
/// StartSeconds (1 s) is a failed start retried after 100 ms, doubling up to the same 1 s, so a
/// transient failure recovers ten times sooner while a crash loop is never faster than one start
/// per second for long. The retries never run out, so nothing goes FATAL; a service that ran
/// longer restarts at once.
/// </summary>
internal static class ServiceDirDefaults
{
    /// <summary>Large enough never to be reached, small enough that "retries + 1" cannot overflow.</summary>
    public const int UnlimitedRetries = int.MaxValue - 1;

    public static readonly BackoffSpec UpToOneSecond = new() { Initial = TimeSpan.FromMilliseconds(100), Max = TimeSpan.FromSeconds(1) };

    /// <summary>A longrun as runsv or s6-supervise would run it; neither signals the process group on stop.</summary>
    public static ProgramSpec Longrun(string name, IReadOnlyList<string> command, string workingDir, SourceLocation definedAt) => new()
    {
        Name = name,
        Command = command,
        WorkingDir = workingDir,
        ServiceDirectory = workingDir,
        Restart = RestartPolicy.Always,
        StartSeconds = TimeSpan.FromSeconds(1),
        StartRetries = UnlimitedRetries,
        Backoff = UpToOneSecond,
        StopAsGroup = false,
        KillAsGroup = false,
        DefinedAt = definedAt,
    };

    /// <summary>A run-once task: done when it exits 0, never restarted; done at once counts, so no start_seconds.</summary>
    public static ProgramSpec Oneshot(string name, IReadOnlyList<string> command, SourceLocation definedAt) => new()
    {
        Name = name,
        Command = command,
        Kind = ProgramKind.Oneshot,
        Restart = RestartPolicy.Never,
        StartSeconds = TimeSpan.Zero,
        StartRetries = 0,
        DefinedAt = definedAt,
    };
}
