using Tend.Model;
using Tend.Posix;
using Tend.Supervision;
using Tend.UnitTests.Supervision.Harness;

namespace Tend.UnitTests.Supervision;

/// <summary>
/// Long random event sequences played on the real supervisor (<see cref="SupervisorHarness"/>):
/// exits of every kind, control start/stop/restart, readiness and liveness verdicts, reloads,
/// ./finish ends, processes that ignore their stop signal, time passing. The harness checks its
/// invariants after every wake (one live process per program, every exit routed to its owner, no
/// state change without a reason and a logged line, no internal error); at the end, a stop always
/// ends within stop_timeout, a shutdown always finishes, and every program wanted up that is
/// neither FATAL nor done is RUNNING once its processes stop dying.
/// </summary>
public class LifecycleInvariantTests
{
    public static TheoryData<int> Seeds()
    {
        var data = new TheoryData<int>();
        for (var seed = 1; seed <= 100; seed++) data.Add(seed);
        return data;
    }

    private static IReadOnlyList<ProgramSpec> Programs(Random random, string mode)
    {
        ProgramSpec Random(string name) => new()
        {
            Name = name,
            Command = [name],
            Restart = Enum.GetValues<RestartPolicy>()[random.Next(3)],
            StartSeconds = TimeSpan.FromMilliseconds(new[] { 0, 100, 1000 }[random.Next(3)]),
            StartRetries = random.Next(4),
            Backoff = new BackoffSpec { Initial = TimeSpan.FromMilliseconds(new[] { 100, 1000 }[random.Next(2)]), Max = TimeSpan.FromSeconds(5) },
            StopTimeout = TimeSpan.FromMilliseconds(500),
            Environment = new Dictionary<string, string> { ["MODE"] = mode },
        };
        return
        [
            Random("a"),
            Random("b") with { DependsOn = [new DependencySpec("a", DependencyCondition.Started)], RestartWith = ["a"] },
            Random("c") with { FinishCommand = ["c-finish"], FinishTimeout = TimeSpan.FromSeconds(1) },
        ];
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void RandomEvents_KeepEveryInvariant(int seed)
    {
        var random = new Random(seed);
        var rule = random.Next(2) == 0 ? ConfigLayout.Yaml : ConfigLayout.Supervisord;
        using var h = new SupervisorHarness(Programs(new Random(seed), "0"), rule);
        string[] names = ["a", "b", "c"];
        var reloads = 0;
        for (var step = 0; step < 1500; step++)
        {
            var name = names[random.Next(names.Length)];
            switch (random.Next(14))
            {
                case 0 or 1 or 2: h.Advance(random.Next(0, 1500)); break;
                case 3 or 4:
                    h.Exit(name, random.Next(4) switch { 0 => ExitStatus.Exited(0), 1 => ExitStatus.Exited(1), 2 => ExitStatus.Killed(Signals.SIGSEGV), _ => ExitStatus.Exited(2) });
                    break;
                case 5: h.Stop(name); break;
                case 6: h.Start(name); break;
                case 7: h.Restart(name); break;
                case 8: h.Ready(name); break;
                case 9: h.LivenessFails(name); break;
                case 10 when h.Kernel.Live.Values.Any(p => p.Command == "c-finish"): h.ExitCommand("c-finish", ExitStatus.Exited(random.Next(2))); break;
                case 11 when random.Next(10) == 0: h.Reload(Programs(new Random(seed), (++reloads).ToString())); break;
                case 12: h.Kernel.IgnoreStopSignals = !h.Kernel.IgnoreStopSignals; break;
                default: h.Wake(); break;
            }
        }

        // Finish scripts end (as they do, at the latest at their timeout); processes stop dying.
        foreach (var finish in h.Kernel.Live.Values.Where(p => p.Command == "c-finish").ToList()) h.ExitCommand("c-finish", ExitStatus.Exited(0));
        switch (random.Next(3))
        {
            case 0:
                // A stop always ends, within stop_timeout (SIGKILL then), whatever the program does.
                foreach (var n in names) h.Stop(n);
                h.Advance(500);
                h.Advance(0);
                foreach (var n in names) Assert.True(h[n].IsDown && h[n].Pid == 0, $"{n} not down:\n{string.Join('\n', h.Transcript.TakeLast(60))}");
                break;
            case 1:
                // A shutdown always finishes.
                h.Shutdown();
                Assert.NotNull(h.RunToEnd(5_000));
                break;
            default:
                // Wanted up and neither FATAL nor done (EXITED by its policy): it ends up running
                // (unless a dependency it waits for is FATAL: then it waits, by design).
                h.Advance(60_000);
                foreach (var n in names)
                {
                    var p = h[n];
                    var blocked = p.WaitsForDependencies && p.WaitingFor?.Contains("(FATAL)", StringComparison.Ordinal) == true;
                    if (p.Want == Want.Up && !blocked && p.State is not (ProgramState.Fatal or ProgramState.Exited))
                        Assert.True(p.State == ProgramState.Running, $"{n} wanted up, {p.State} ({p.Phase}):\n{string.Join('\n', h.Transcript.TakeLast(60))}");
                }
                break;
        }
        Assert.All(h.Changes, c => Assert.False(string.IsNullOrWhiteSpace(c.Program.StateReason)));
    }
}
