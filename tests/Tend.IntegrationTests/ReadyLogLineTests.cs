using Tend.IntegrationTests.Infrastructure;
using static Tend.IntegrationTests.Infrastructure.ScriptTree;
using static Tend.IntegrationTests.Infrastructure.Yaml;

namespace Tend.IntegrationTests;

/// <summary>Issue 24: ready_log_line, process-compose's readiness from a line of the program's output.</summary>
public class ReadyLogLineTests
{
    /// <summary>
    /// The dependent starts on the first matching line (written in two pieces on stderr, after a
    /// line that does not match), not before; after a restart the program is not ready until it
    /// prints the line again.
    /// </summary>
    [Fact(Timeout = 60_000)]
    public async Task I_see_a_dependent_start_once_its_dependency_printed_the_line_and_readiness_start_over_at_a_restart()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var gate = dir.File("gate");
        var db = Script(dir.Path, "db.sh", $"""
            #!/bin/sh
            echo "booting, not ready to accept connections yet"
            while [ ! -f {Quote(gate)} ]; do sleep 0.02; done
            printf 'ready to accept ' >&2
            sleep 0.2
            echo 'connections on port 5432' >&2
            exec sleep 1000
            """);
        using var tend = TendHost.Run(dir, $"""
            programs:
              db:
                command: [{Quote(db)}]
                start_seconds: 0
                ready_log_line: '^ready to accept connections on port [0-9]+$'
              web:
                command: {Dummy("sleep", "inf")}
                depends_on: {"{"}db: ready{"}"}
            """);
        tend.WaitForLine("booting, not ready");
        tend.WaitForLine("web waiting for db (ready)");
        var health = Ctl.Run(tend, "health");
        Assert.Equal(1, health.Code);
        Assert.Contains("db: not ready yet (no line of its output matched ready_log_line)", health.Out);
        Assert.Equal(0, tend.Count("web started pid"));

        File.WriteAllText(gate, "");
        tend.WaitForLine("db is ready (a line of its output matched ready_log_line)");
        tend.WaitForLine("web started pid");

        // A new run must print the line again.
        File.Delete(gate);
        Assert.Equal(0, Ctl.Run(tend, "ctl", "restart", "db").Code);
        tend.WaitForCount("db started pid", 2);
        tend.WaitForCount("booting, not ready", 2);
        health = Ctl.Run(tend, "health");
        Assert.Contains("db: not ready yet (no line of its output matched ready_log_line)", health.Out);
        File.WriteAllText(gate, "");
        tend.WaitForCount("db is ready (a line of its output matched ready_log_line)", 2);
        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
    }

    /// <summary>The AOT binary has no resource strings: the error is Tend's own words, with the offset, at the key's line.</summary>
    [Fact(Timeout = 60_000)]
    public async Task I_see_a_ready_log_line_that_is_no_regular_expression_refused_at_its_line()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var config = Write(dir.Path, "tend.yaml", """
            programs:
              db:
                command: ["sleep", "1000"]
                ready_log_line: 'listening on (port'
            """);
        var (code, _, err) = Tools.Run(Paths.Tend, ["check", config]);
        Assert.Equal(100, code);
        Assert.Contains($"{config}:4:21: error: 'ready_log_line' is not a valid regular expression: insufficient closing parentheses at offset 18", err);
    }
}
