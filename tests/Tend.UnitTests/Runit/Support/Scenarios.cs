using Tend.Runit.Status;

namespace Tend.UnitTests.Runit.Support;

/// <summary>
/// A state the real runsv is driven into: the service's files, the sv commands that get it
/// there, and how to recognise the record once it has.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed record Scenario(
    string Run = "exec sleep 100",
    bool Down = false,
    string? Finish = null,
    string? LogRun = null,
    string[][]? Commands = null,
    Func<SuperviseStatus, bool>? Ready = null)
{
    public static readonly IReadOnlyDictionary<string, Scenario> All = new Dictionary<string, Scenario>
    {
        ["run"] = new(),
        ["down-file"] = new(Down: true),
        ["paused"] = new(Commands: [["pause"]], Ready: s => s.Paused),
        ["once"] = new(Commands: [["once"]], Ready: s => s.Want == Want.Down),
        ["term-ignored"] = new(Run: "trap '' TERM\nexec sleep 100", Commands: [["down"]], Ready: s => s.TermSent),
        ["stopped"] = new(Commands: [["down"]], Ready: s => s.State == RunState.Down && s.Want == Want.Down),
        ["finishing"] = new(Finish: "exec sleep 100", Commands: [["down"]], Ready: s => s.State == RunState.Finish && s.Pid != 0),
        ["up-despite-down-file"] = new(Down: true, Commands: [["up"]], Ready: s => s.State == RunState.Run && IsSleep(s.Pid)),
        ["with-log"] = new(LogRun: "exec cat >/dev/null"),
    };

    public string Create(ServiceTree tree, string name = "web") => tree.Add(name, Run, Down, Finish, LogRun);

    /// <summary>
    /// Starts runsv and drives it into this state. Waits first until ./run has exec'd sleep, so a
    /// command never races the script's own setup (the TERM trap above).
    /// </summary>
    public (SuperviseStatus Main, SuperviseStatus? Log) Reach(RunsvProcess runsv, string root, string name = "web")
    {
        if (Down) runsv.WaitFor(_ => true, "the first record");
        else runsv.WaitFor(s => s.State == RunState.Run && IsSleep(s.Pid), "./run to exec sleep");
        SuperviseStatus? log = LogRun is null ? null : runsv.WaitFor(s => s.State == RunState.Run && s.Pid != 0, "log/run to start", "log");
        foreach (var command in Commands ?? [])
            Assert.Equal(0, RunitTools.RunSv(root, [.. command, name]).ExitCode);
        var main = runsv.WaitFor(Ready ?? (_ => true), "the scenario's record");
        return (main, log);
    }

    private static bool IsSleep(int pid)
    {
        try { return pid != 0 && File.ReadAllText($"/proc/{pid}/comm").Trim() == "sleep"; }
        catch (IOException) { return false; }
    }
}
