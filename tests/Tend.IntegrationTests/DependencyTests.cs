using Tend.IntegrationTests.Infrastructure;
using static Tend.IntegrationTests.Infrastructure.Yaml;

namespace Tend.IntegrationTests;

/// <summary>depends_on gates starts on events: a dependent never starts before its condition holds.</summary>
public class DependencyTests
{
    [Fact(Timeout = 60_000)]
    public async Task I_see_a_dependent_start_only_after_its_dependency_is_ready_and_a_oneshot_completed()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var ready = dir.File("db-ready");
        using var tend = TendHost.Run(dir, $"""
            programs:
              migrate:
                command: {Dummy("sleep", "0.3", "then", "echo", "migrated", "then", "exit", "0")}
                restart: never
                start_seconds: 0
              db:
                command: {Dummy("sleep", "0.5", "then", "touch", ready, "then", "sleep", "inf")}
                readiness: {"{"}exec: ["test", "-f", {Quote(ready)}], interval: 100ms{"}"}
              web:
                command: ["/bin/sh", "-c", {Quote($"test -f {ready} && echo db-was-ready; exec sleep 1000")}]
                depends_on: {"{"}db: {"{"}condition: ready{"}"}, migrate: {"{"}condition: completed_successfully{"}"}{"}"}
            """);
        tend.WaitForLine(l => l.StartsWith("web ", StringComparison.Ordinal) && l.EndsWith("| db-was-ready", StringComparison.Ordinal));
        var lines = tend.Stdout.ToList();
        int Index(string s) => lines.FindIndex(l => l.Contains(s, StringComparison.Ordinal));
        Assert.True(Index("web waiting for") >= 0, tend.Transcript());
        Assert.True(Index("db is ready") < Index("web started pid"), tend.Transcript());
        Assert.True(Index("migrate exited with 0") < Index("web started pid"), tend.Transcript());
        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
        // Stop in reverse: the dependent first.
        lines = tend.Stdout.ToList();
        Assert.True(Index("web stopped") < Index("db stopped"), tend.Transcript());
    }

    [Fact(Timeout = 60_000)]
    public async Task I_see_dependents_not_started_when_their_dependency_goes_fatal_with_on_dependency_failure_stop()
    {
        await Task.Yield();
        using var dir = new TempDir();
        using var tend = TendHost.Run(dir, $"""
            programs:
              db:
                command: ["/nonexistent/db"]
              web:
                command: {Dummy("sleep", "inf")}
                depends_on: [db]
                on_dependency_failure: stop
              api:
                command: {Dummy("sleep", "inf")}
                depends_on: {"{"}db: ready{"}"}
            """);
        tend.WaitForLine("web not started: its dependency db is FATAL");
        tend.WaitForLine("api waiting for db (FATAL)");
        var status = Ctl.Run(tend, "ctl", "status").Out;
        Assert.Contains("waiting for db (FATAL)", status);
        tend.Signal(15);
        Assert.Equal(1, tend.WaitForExit());
    }
}
