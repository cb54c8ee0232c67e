using Tend.Config;
using Tend.Model;

namespace Tend.UnitTests.Config;

/// <summary>
/// The rules every format keeps, on the model a reader produced: a supervisord.conf, a runit tree or
/// an s6-overlay root that a reader (or the composition after it) turned into a model the
/// supervisor would wait on for ever is refused with a located error, as tend.yaml is.
/// </summary>
public sealed class ModelRulesTests
{
    private static readonly SourceLocation Conf = new("supervisord.conf", 3);

    private static ProgramSpec Program(string name, params DependencySpec[] dependsOn) =>
        new() { Name = name, Command = ["sleep", "10"], DependsOn = dependsOn, DefinedAt = Conf };

    private static IReadOnlyList<Diagnostic> Check(params ProgramSpec[] programs) => Check(new TendConfig { Programs = programs });

    private static IReadOnlyList<Diagnostic> Check(TendConfig config)
    {
        var diagnostics = new DiagnosticBag();
        ModelRules.Check(config, diagnostics);
        return diagnostics.ToSortedList();
    }

    [Fact]
    public void AWellFormedModel_PassesWithoutAWord()
    {
        var diagnostics = Check(
            Program("db"),
            Program("migrate") with { Restart = RestartPolicy.Never },
            Program("web", new DependencySpec("db", DependencyCondition.Ready), new DependencySpec("migrate", DependencyCondition.CompletedSuccessfully)) with { RestartWith = ["db"] });

        Assert.Empty(diagnostics);
    }

    [Fact]
    public void ACycle_IsReportedOnce_AtTheEntryThatClosesIt()
    {
        var at = new SourceLocation("etc/s6-overlay/s6-rc.d/a/dependencies.d/b", 1);
        var diagnostics = Check(
            Program("a", new DependencySpec("b", DependencyCondition.Started, at)),
            Program("b", new DependencySpec("c", DependencyCondition.Started)),
            Program("c", new DependencySpec("a", DependencyCondition.Started)));

        var error = Assert.Single(diagnostics);
        Assert.Equal("dependency cycle: a -> b -> c -> a", error.Message);
        Assert.Equal(at, error.Location);
    }

    [Fact]
    public void ADependencyOnNoProgram_OrOnItself_IsAnError()
    {
        var diagnostics = Check(
            Program("web", new DependencySpec("php", DependencyCondition.Started), new DependencySpec("web", DependencyCondition.Started)));

        Assert.Equal(2, diagnostics.Count);
        Assert.Contains(diagnostics, d => d.Message == "program 'web' depends on 'php', which is not a program");
        Assert.Contains(diagnostics, d => d.Message == "program 'web' depends on itself");
        Assert.All(diagnostics, d => Assert.Equal(Conf, d.Location));
    }

    [Fact]
    public void WaitingForAProgramThatAlwaysRestarts_ToComplete_IsAnError_UnlessItWaitsWhateverTheOutcome()
    {
        var waits = Check(Program("seed"), Program("app", new DependencySpec("seed", DependencyCondition.CompletedSuccessfully)));
        var settles = Check(Program("seed"), Program("app", new DependencySpec("seed", DependencyCondition.CompletedSuccessfully, EvenIfFailed: true)));

        Assert.Contains("'seed' is restarted whenever it exits, so it would never complete", Assert.Single(waits).Message);
        Assert.Empty(settles);
    }

    [Fact]
    public void RestartWith_NamesOnlyDependencies()
    {
        var diagnostics = Check(Program("db"), Program("web") with { RestartWith = ["db"] });

        Assert.Equal("program 'web' restarts with 'db', which is not one of its dependencies", Assert.Single(diagnostics).Message);
    }

    [Fact]
    public void TwoMainPrograms_OrAProgramAndAJobOfOneName_AreErrors()
    {
        var job = new JobSpec { Name = "web", Schedule = new EveryMinute(), Command = ["true"], DefinedAt = new SourceLocation("crontab", 2) };
        var diagnostics = Check(new TendConfig
        {
            Programs = [Program("web") with { Main = true }, Program("worker") with { Main = true }],
            Jobs = [job],
        });

        Assert.Equal(2, diagnostics.Count);
        Assert.Contains(diagnostics, d => d.Message == "more than one program is the main program: web, worker");
        Assert.Contains(diagnostics, d => d.Message == "the name 'web' is used twice (first at supervisord.conf:3)" && d.Location == job.DefinedAt);
    }

    private sealed class EveryMinute : IJobSchedule
    {
        public string Text => "* * * * *";

        public DateTimeOffset? NextAfter(DateTimeOffset after, TimeZoneInfo zone, DateTimeOffset origin) => after.AddMinutes(1);
    }
}
