using Tend.Model;
using Tend.Posix;
using Tend.Supervision;
using Tend.UnitTests.Supervision.Harness;

namespace Tend.UnitTests.Supervision;

/// <summary>
/// Every phase × event pair on the real supervisor (<see cref="SupervisorHarness"/>): the program
/// is driven into the phase the way a user's configuration and actions get it there, then the
/// event happens the way it happens in life (an exit, time passing, a control request, a probe's
/// verdict, a reload, a shutdown). The harness's invariants hold throughout (no internal error
/// logged, one process at most, every exit routed, every state change logged with its reason),
/// and what the table calls "ignored" leaves the phase as it was. Pairs no input can produce (an
/// exit where no process runs) are the table's "bug" cases: they are skipped here and reported as
/// internal errors by the supervisor if they ever happen.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class LifecyclePairTests : IDisposable
{
    private readonly List<string> _tempDirs = [];

    public static TheoryData<Phase, LifecycleEvent> EveryPair()
    {
        var data = new TheoryData<Phase, LifecycleEvent>();
        foreach (var phase in Enum.GetValues<Phase>())
        foreach (var ev in Enum.GetValues<LifecycleEvent>())
            data.Add(phase, ev);
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryPair))]
    public void Event_InEveryPhase_KeepsTheInvariants_AndIgnoredMeansUnchanged(Phase phase, LifecycleEvent ev)
    {
        using var h = Into(phase);
        Assert.Equal(phase, h["p"].Phase);
        var reaction = LifecycleTable.React(phase, ev);
        var mark = h.Transcript.Count;
        if (!Happen(h, ev)) return; // no input produces it in this phase (a "bug" pair of the table)
        Assert.NotEqual(Reaction.InternalError, reaction);
        if (reaction == Reaction.Ignore && ev is not (LifecycleEvent.Shutdown or LifecycleEvent.Timer) && h.Supervisor.Find("p") is { } p)
            Assert.Equal(phase, p.Phase);
        if (reaction == Reaction.Refuse) Assert.Contains(h.Transcript.Skip(mark), l => l.Contains("ctl start p: p: already started", StringComparison.Ordinal)
            || l.Contains("ctl start p: p: tend is shutting down", StringComparison.Ordinal));
        h.Check();
    }

    /// <summary>Makes <paramref name="ev"/> happen to "p" the way it happens in life; false when nothing can make it happen in this phase.</summary>
    private static bool Happen(SupervisorHarness h, LifecycleEvent ev)
    {
        var p = h["p"];
        switch (ev)
        {
            case LifecycleEvent.Exited:
                if (p.Pid <= 0) return false;
                h.Kernel.Exit(p.Pid, ExitStatus.Exited(1));
                h.Wake();
                return true;
            case LifecycleEvent.Timer:
                var next = h.Supervisor.HarnessNextDeadline();
                h.Advance(next == long.MaxValue ? 1000 : Math.Max(0, next - h.Now));
                return true;
            case LifecycleEvent.StopRequested:
                h.Stop("p");
                return true;
            case LifecycleEvent.StartRequested:
                h.Start("p");
                return true;
            case LifecycleEvent.DependenciesMet:
                if (p.Phase != Phase.WaitingForDependencies) return false;
                h.Start("dep");
                h.Ready("dep");
                return true;
            case LifecycleEvent.StartHookEnded:
                if (h.Kernel.Live.Values.FirstOrDefault(x => x.Command.EndsWith("/control/u", StringComparison.Ordinal)) is not { } hook) return false;
                h.ExitCommand(hook.Command, ExitStatus.Exited(0));
                return true;
            case LifecycleEvent.FinishEnded:
                if (!h.Kernel.Live.Values.Any(x => x.Command == "p-finish")) return false;
                h.ExitCommand("p-finish", ExitStatus.Exited(0));
                return true;
            case LifecycleEvent.Ready:
                h.Ready("p");
                return true;
            case LifecycleEvent.LivenessFailed:
                h.LivenessFails("p");
                return true;
            case LifecycleEvent.InputEnded:
                if (p.Spec.StdinFrom is null || h.Supervisor.ShuttingDown) return false;
                h.Shutdown(); // the writer stops first; then its reader's input ends
                return true;
            case LifecycleEvent.LeftoversGone:
                if (p.Phase is not (Phase.StoppingLeftovers or Phase.KillingLeftovers)) return false;
                h.Kernel.GroupsWithMembers.Clear();
                h.Advance(50);
                return true;
            case LifecycleEvent.Reloaded:
                if (h.Supervisor.ShuttingDown) return false; // refused, with a reply
                h.Reload(h.Supervisor.Programs.Select(x => x.NextSpec ?? x.Spec)
                    .Select(s => s.Name == "p" ? s with { Environment = new Dictionary<string, string> { ["MODE"] = "new" } } : s));
                return true;
            case LifecycleEvent.Removed:
                if (h.Supervisor.ShuttingDown) return false;
                h.Reload(h.Supervisor.Programs.Select(x => x.NextSpec ?? x.Spec).Where(s => s.Name != "p"));
                return true;
            case LifecycleEvent.Shutdown:
                if (h.Supervisor.ShuttingDown) return false;
                h.Shutdown();
                return true;
            default:
                throw new InvalidOperationException($"no way to make {ev} happen: add one");
        }
    }

    private static ProgramSpec P(string name = "p") => new() { Name = name, Command = [name] };

    /// <summary>A harness whose program "p" is in <paramref name="phase"/>, got there as a user gets it there.</summary>
    private SupervisorHarness Into(Phase phase)
    {
        SupervisorHarness h;
        switch (phase)
        {
            case Phase.Stopped:
                return new SupervisorHarness([P() with { AutoStart = false }]);
            case Phase.WaitingForDependencies:
                return new SupervisorHarness([P("dep") with { AutoStart = false }, P() with { DependsOn = [new DependencySpec("dep", DependencyCondition.Ready)] }]);
            case Phase.WaitingForFinish:
                h = new SupervisorHarness([P() with { FinishCommand = ["p-finish"] }]);
                h.Advance(2000);
                h.Exit("p", ExitStatus.Exited(1)); // restarted at once, after its finish
                return h;
            case Phase.WaitingForStartHook:
                var dir = Directory.CreateTempSubdirectory("tend-hook-").FullName;
                _tempDirs.Add(dir);
                Directory.CreateDirectory(Path.Combine(dir, "control"));
                var hook = Path.Combine(dir, "control", "u");
                File.WriteAllText(hook, "#!/bin/sh\n");
                File.SetUnixFileMode(hook, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                return new SupervisorHarness([P() with { ServiceDirectory = dir }], ConfigLayout.Runit);
            case Phase.Starting:
                return new SupervisorHarness([P()]);
            case Phase.Running:
                h = new SupervisorHarness([P()]);
                h.Advance(2000);
                return h;
            case Phase.Backoff:
                h = new SupervisorHarness([P()]);
                h.Exit("p", ExitStatus.Exited(1));
                return h;
            case Phase.Stopping or Phase.Killing:
                h = new SupervisorHarness([P() with { AutoStart = false }]);
                h.Kernel.Unkillable = phase == Phase.Killing;
                h.Kernel.IgnoreStopSignals = true;
                h.Start("p");
                h.Advance(2000);
                h.Stop("p");
                if (phase == Phase.Killing) h.Advance(10_000);
                return h;
            case Phase.EndingInput:
                h = new SupervisorHarness([P("w"), P() with { StdinFrom = "w" }]);
                h.Advance(2000);
                h.Shutdown();
                h.Advance(10);
                return h;
            case Phase.StoppingLeftovers or Phase.KillingLeftovers:
                h = new SupervisorHarness([P()]);
                h.Advance(2000);
                h.Kernel.GroupsWithMembers.Add(h["p"].Pid);
                h.Kernel.MembersSurviveKill = true;
                h.Stop("p");
                if (phase == Phase.KillingLeftovers) h.Advance(10_000);
                return h;
            case Phase.Exited:
                h = new SupervisorHarness([P() with { Restart = RestartPolicy.Never }]);
                h.Exit("p", ExitStatus.Exited(0));
                return h;
            case Phase.Completed:
                h = new SupervisorHarness([P() with { Kind = ProgramKind.Oneshot }]);
                h.Exit("p", ExitStatus.Exited(0));
                return h;
            case Phase.Fatal:
                h = new SupervisorHarness([]);
                h.Kernel.Missing.Add("p");
                h.Reload([P()]);
                return h;
            default:
                throw new InvalidOperationException($"no way into {phase}: add one");
        }
    }

    public void Dispose()
    {
        foreach (var dir in _tempDirs) Directory.Delete(dir, recursive: true);
    }
}
