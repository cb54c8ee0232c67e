using Tend.Config;
using Tend.Model;
using static Tend.UnitTests.Config.ConfigTestSupport;

namespace Tend.UnitTests.Config;

/// <summary>depends_on in its three forms, on_dependency_failure, restart_with and health.</summary>
public class DependsOnTests
{
    private static ProgramSpec Program(ConfigResult result, string name)
    {
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        return result.Config!.Programs.Single(p => p.Name == name);
    }

    private static DependencySpec Dep(string program, DependencyCondition condition, int line, int column) =>
        new(program, condition, new SourceLocation("tend.yaml", line, column));

    [Fact]
    public void Load_DependsOnList_MeansStarted()
    {
        var result = Load("""
            programs:
              db: {command: db}
              cache: {command: cache}
              web:
                command: web
                depends_on: [db, cache]
            """);

        Assert.Equal(
            [Dep("db", DependencyCondition.Started, 6, 18), Dep("cache", DependencyCondition.Started, 6, 22)],
            Program(result, "web").DependsOn);
    }

    [Fact]
    public void Load_DependsOnBlockList_MeansStarted()
    {
        var result = Load("""
            programs:
              db: {command: db}
              web:
                command: web
                depends_on:
                  - db
            """);

        Assert.Equal([Dep("db", DependencyCondition.Started, 6, 9)], Program(result, "web").DependsOn);
    }

    [Fact]
    public void Load_DependsOnSingleName_IsAListOfOne()
    {
        var result = Load("""
            programs:
              db: {command: db}
              web: {command: web, depends_on: db}
            """);

        Assert.Equal([Dep("db", DependencyCondition.Started, 3, 35)], Program(result, "web").DependsOn);
    }

    [Fact]
    public void Load_DependsOnMap_ReadsEveryCondition()
    {
        var result = Load("""
            programs:
              a: {command: a}
              b: {command: b, restart: never}
              c: {command: c}
              d: {command: d}
              web:
                command: web
                depends_on:
                  a: {condition: started}
                  b: {condition: completed_successfully}
                  c: {condition: ready}
                  d: {condition: healthy}
            """);

        Assert.Equal(
            [
                Dep("a", DependencyCondition.Started, 9, 7),
                Dep("b", DependencyCondition.CompletedSuccessfully, 10, 7),
                Dep("c", DependencyCondition.Ready, 11, 7),
                Dep("d", DependencyCondition.Healthy, 12, 7),
            ],
            Program(result, "web").DependsOn);
    }

    [Fact]
    public void Load_DependsOnShortMap_TakesTheConditionAsAScalar()
    {
        var result = Load("""
            programs:
              db: {command: db}
              migrate: {command: migrate, restart: on-failure}
              web:
                command: web
                depends_on: {db: ready, migrate: completed_successfully}
            """);

        Assert.Equal(
            [Dep("db", DependencyCondition.Ready, 6, 18), Dep("migrate", DependencyCondition.CompletedSuccessfully, 6, 29)],
            Program(result, "web").DependsOn);
    }

    [Fact]
    public void Load_DependsOnMapWithoutCondition_MeansStarted()
    {
        var result = Load("""
            programs:
              a: {command: a}
              b: {command: b}
              c: {command: c}
              web:
                command: web
                depends_on:
                  a:
                  b: {}
                  c: {condition: ~}
            """);

        Assert.All(Program(result, "web").DependsOn, d => Assert.Equal(DependencyCondition.Started, d.Condition));
        Assert.Equal(["a", "b", "c"], Program(result, "web").DependsOn.Select(d => d.Program));
    }

    [Theory]
    [InlineData("started", DependencyCondition.Started)]
    [InlineData("ready", DependencyCondition.Ready)]
    [InlineData("healthy", DependencyCondition.Healthy)]
    [InlineData("completed_successfully", DependencyCondition.CompletedSuccessfully)]
    [InlineData("Ready", DependencyCondition.Ready)]
    [InlineData("\"healthy\"", DependencyCondition.Healthy)]
    public void Load_Conditions_MapToTheModel(string written, DependencyCondition expected)
    {
        var result = Load($"programs:\n  db: {{command: db, restart: never}}\n  web: {{command: web, depends_on: {{db: {written}}}}}\n");

        Assert.Equal(expected, Assert.Single(Program(result, "web").DependsOn).Condition);
    }

    [Fact]
    public void Load_DependencyKeysAbsent_UseModelDefaults()
    {
        var result = Load("""
            programs:
              web: {command: web}
            """);

        var p = Program(result, "web");
        var defaults = new ProgramSpec { Name = "web", Command = ["web"] };
        Assert.Empty(p.DependsOn);
        Assert.Same(defaults.DependsOn, p.DependsOn);
        Assert.Equal(OnDependencyFailure.Wait, p.OnDependencyFailure);
        Assert.Empty(p.RestartWith);
        Assert.Null(p.Readiness);
        Assert.Null(p.Liveness);
        Assert.True(p.CountsForHealth);
        Assert.Null(result.Config!.Socket);
        Assert.Null(result.Config.Http);
    }

    [Fact]
    public void Load_NullDependencyKeys_MeanDefault()
    {
        var result = Load("""
            programs:
              web:
                command: web
                depends_on:
                on_dependency_failure: ~
                restart_with:
                readiness:
                liveness: ~
                health:
            """);

        var p = Program(result, "web");
        Assert.Empty(p.DependsOn);
        Assert.Equal(OnDependencyFailure.Wait, p.OnDependencyFailure);
        Assert.Empty(p.RestartWith);
        Assert.Null(p.Readiness);
        Assert.Null(p.Liveness);
        Assert.True(p.CountsForHealth);
    }

    [Theory]
    [InlineData("wait", OnDependencyFailure.Wait)]
    [InlineData("stop", OnDependencyFailure.Stop)]
    [InlineData("Stop", OnDependencyFailure.Stop)]
    public void Load_OnDependencyFailure_AcceptsWaitAndStop(string written, OnDependencyFailure expected)
    {
        var p = LoadSingle($"programs:\n  web: {{command: web, on_dependency_failure: {written}}}\n");

        Assert.Equal(expected, p.OnDependencyFailure);
    }

    [Theory]
    [InlineData("include", true)]
    [InlineData("ignore", false)]
    [InlineData("IGNORE", false)]
    public void Load_Health_IncludeOrIgnore(string written, bool counts)
    {
        var p = LoadSingle($"programs:\n  web: {{command: web, health: {written}}}\n");

        Assert.Equal(counts, p.CountsForHealth);
    }

    [Fact]
    public void Load_RestartWith_NamesDependencies()
    {
        var result = Load("""
            programs:
              db: {command: db}
              cache: {command: cache}
              web:
                command: web
                depends_on: {db: ready, cache: started}
                restart_with: [db, cache]
            """);

        Assert.Equal(["db", "cache"], Program(result, "web").RestartWith);
    }

    [Fact]
    public void Load_RestartWithSingleName_IsAListOfOne()
    {
        var result = Load("""
            programs:
              db: {command: db}
              web: {command: web, depends_on: [db], restart_with: db}
            """);

        Assert.Equal(["db"], Program(result, "web").RestartWith);
    }

    [Fact]
    public void Load_ConditionsWithoutProbes_AreAccepted()
    {
        var result = Load("""
            programs:
              db: {command: db}
              cache: {command: cache}
              web: {command: web, depends_on: {db: healthy, cache: ready}}
            """);

        Assert.Empty(result.Diagnostics);
        Assert.Equal(2, Program(result, "web").DependsOn.Count);
    }

    [Theory]
    [InlineData("never")]
    [InlineData("on-failure")]
    public void Load_CompletedSuccessfully_OnARestartThatCanEnd_IsAccepted(string restart)
    {
        var result = Load($"programs:\n  migrate: {{command: m, restart: {restart}}}\n  web: {{command: web, depends_on: {{migrate: completed_successfully}}}}\n");

        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void Load_ChainAndDiamond_AreNotCycles()
    {
        var result = Load("""
            programs:
              a: {command: a, depends_on: [b, c]}
              b: {command: b, depends_on: [d]}
              c: {command: c, depends_on: [d]}
              d: {command: d}
            """);

        Assert.Empty(result.Diagnostics);
    }

    // ---- errors -------------------------------------------------------------------------------

    [Fact]
    public void Load_DependsOnUnknownProgram_SuggestsAName()
    {
        var result = Load("""
            programs:
              database: {command: db}
              web:
                command: web
                depends_on: [databse]
            """);

        var error = SingleErrorAt(result, "5:18");
        Assert.Equal("program 'web' depends on 'databse', which is not a program", error.Message);
        Assert.Equal("did you mean 'database'?", error.Hint);
    }

    [Fact]
    public void Load_DependsOnUnknownProgramFarFromAny_ListsThePrograms()
    {
        var result = Load("""
            programs:
              db: {command: db}
              cache: {command: cache}
              web:
                command: web
                depends_on: {queue: ready}
            """);

        var error = SingleErrorAt(result, "6:18");
        Assert.Equal("program 'web' depends on 'queue', which is not a program", error.Message);
        Assert.Equal("the programs are: db, cache", error.Hint);
    }

    [Fact]
    public void Load_DependsOnAProgramWithBrokenSettings_IsNotReportedAgain()
    {
        var result = Load("""
            programs:
              db: postgres
              web: {command: web, depends_on: [db]}
            """);

        Assert.Equal("program 'db' is a string, not a mapping of settings", SingleErrorAt(result, "2:7").Message);
    }

    [Fact]
    public void Load_DependsOnItself_IsAnErrorAtTheName()
    {
        var result = Load("""
            programs:
              web:
                command: web
                depends_on: [web]
            """);

        var error = SingleErrorAt(result, "4:18");
        Assert.Equal("program 'web' depends on itself", error.Message);
        Assert.Equal("remove 'web' from its depends_on", error.Hint);
    }

    [Fact]
    public void Load_DependsOnListedTwice_IsAnErrorAtTheSecond()
    {
        var result = Load("""
            programs:
              db: {command: db}
              web:
                command: web
                depends_on: [db, db]
            """);

        var error = SingleErrorAt(result, "5:22");
        Assert.Equal("program 'web' lists 'db' twice in depends_on", error.Message);
        Assert.Equal("list each dependency once", error.Hint);
    }

    [Fact]
    public void Load_DependsOnSameNameTwiceInMap_IsADuplicateKey()
    {
        var result = Load("""
            programs:
              db: {command: db}
              web:
                command: web
                depends_on: {db: ready, db: started}
            """);

        Assert.Equal("duplicate key 'db'", SingleErrorAt(result, "5:29").Message);
    }

    [Fact]
    public void Load_UnknownCondition_ListsTheValidOnes()
    {
        var result = Load("""
            programs:
              db: {command: db}
              web:
                command: web
                depends_on: {db: {condition: up}}
            """);

        var error = SingleErrorAt(result, "5:34");
        Assert.Equal("invalid value for 'depends_on.db.condition': 'up'", error.Message);
        Assert.Equal("expected one of: started, ready, healthy, completed_successfully", error.Hint);
    }

    [Theory]
    [InlineData("service_healthy", "healthy")]
    [InlineData("service_started", "started")]
    [InlineData("service_completed_successfully", "completed_successfully")]
    [InlineData("completed", "completed_successfully")]
    [InlineData("redy", "ready")]
    [InlineData("completed-successfully", "completed_successfully")]
    public void Load_ComposeOrMistypedCondition_SuggestsOurs(string written, string suggested)
    {
        var result = Load($"programs:\n  db: {{command: db}}\n  web:\n    command: web\n    depends_on: {{db: {written}}}\n");

        var error = SingleErrorAt(result, "5:22");
        Assert.Equal($"invalid value for 'depends_on.db': '{written}'", error.Message);
        Assert.Equal($"expected one of: started, ready, healthy, completed_successfully; did you mean '{suggested}'?", error.Hint);
    }

    [Fact]
    public void Load_UnknownKeyInDependency_SuggestsCondition()
    {
        var result = Load("""
            programs:
              db: {command: db}
              web:
                command: web
                depends_on:
                  db: {conditon: ready}
            """);

        var error = SingleErrorAt(result, "6:12");
        Assert.Equal("unknown key 'conditon' in 'depends_on.db'", error.Message);
        Assert.Equal("did you mean 'condition'?", error.Hint);
    }

    [Fact]
    public void Load_ComposeRestartInDependency_PointsToRestartWith()
    {
        var result = Load("""
            programs:
              db: {command: db}
              web:
                command: web
                depends_on:
                  db: {condition: ready, restart: true}
            """);

        var error = SingleErrorAt(result, "6:30");
        Assert.Equal("unknown key 'restart' in 'depends_on.db'", error.Message);
        Assert.Equal("to restart this program when 'db' restarts, list 'db' in 'restart_with'", error.Hint);
    }

    [Theory]
    [InlineData("depends_on: [[db]]", "5:18", "invalid value for 'depends_on': a list", "expected a program name")]
    [InlineData("depends_on: [db, ~]", "5:22", "invalid value for 'depends_on': an empty value", "expected a program name")]
    [InlineData("depends_on: {db: [ready]}", "5:22", "invalid value for 'depends_on.db': a list", "expected one of: started, ready, healthy, completed_successfully, or {condition: ...}")]
    [InlineData("restart_with: [[db]]", "5:20", "invalid value for 'restart_with': a list", "expected a program name")]
    [InlineData("restart_with: {db: x}", "5:19", "invalid value for 'restart_with': a mapping", "expected a list")]
    public void Load_DependencyValueOfTheWrongShape_IsAnError(string line, string at, string message, string hint)
    {
        var result = Load($"programs:\n  db: {{command: db}}\n  web:\n    command: web\n    {line}\n");

        var error = SingleErrorAt(result, at);
        Assert.Equal(message, error.Message);
        Assert.Equal(hint, error.Hint);
    }

    [Fact]
    public void Load_RestartWithNotADependency_IsAnError()
    {
        var result = Load("""
            programs:
              db: {command: db}
              cache: {command: cache}
              web:
                command: web
                depends_on: [db]
                restart_with: [db, cache]
            """);

        var error = SingleErrorAt(result, "7:24");
        Assert.Equal("program 'web' restarts with 'cache', which is not in its depends_on", error.Message);
        Assert.Equal("restart_with names programs this one depends on; add 'cache' to depends_on", error.Hint);
    }

    [Fact]
    public void Load_RestartWithMistypedDependency_SuggestsIt()
    {
        var result = Load("""
            programs:
              database: {command: db}
              web:
                command: web
                depends_on: [database]
                restart_with: [databse]
            """);

        var error = SingleErrorAt(result, "6:20");
        Assert.Equal("program 'web' restarts with 'databse', which is not in its depends_on", error.Message);
        Assert.Equal("did you mean 'database'?", error.Hint);
    }

    [Fact]
    public void Load_RestartWithListedTwice_IsAnError()
    {
        var result = Load("""
            programs:
              db: {command: db}
              web:
                command: web
                depends_on: [db]
                restart_with: [db, db]
            """);

        Assert.Equal("program 'web' lists 'db' twice in restart_with", SingleErrorAt(result, "6:24").Message);
    }

    [Fact]
    public void Load_CompletedSuccessfully_OnRestartAlways_IsAnErrorAtTheCondition()
    {
        var result = Load("""
            programs:
              migrate:
                command: migrate
                restart: always
              web:
                command: web
                depends_on:
                  migrate: {condition: completed_successfully}
            """);

        var error = SingleErrorAt(result, "8:28");
        Assert.Equal("program 'web' waits for 'migrate' to complete successfully, but 'migrate' has restart: always, so it would never complete", error.Message);
        Assert.Equal("use restart: never or on-failure on 'migrate'", error.Hint);
    }

    [Fact]
    public void Load_CompletedSuccessfully_OnDefaultRestart_IsAnError()
    {
        var result = Load("""
            programs:
              migrate: {command: migrate}
              web: {command: web, depends_on: {migrate: completed_successfully}}
            """);

        Assert.Contains("has restart: always", SingleErrorAt(result, "3:45").Message);
    }

    [Fact]
    public void Load_CompletedSuccessfully_OnAnInvalidRestart_ReportsOnlyTheRestart()
    {
        var result = Load("""
            programs:
              migrate: {command: migrate, restart: once}
              web: {command: web, depends_on: {migrate: completed_successfully}}
            """);

        Assert.Equal("invalid value for 'restart': 'once'", SingleErrorAt(result, "2:40").Message);
    }

    [Fact]
    public void Load_BadOnDependencyFailure_SuggestsAnAction()
    {
        var result = Load("""
            programs:
              web:
                command: web
                on_dependency_failure: fail
            """);

        var error = SingleErrorAt(result, "4:28");
        Assert.Equal("invalid value for 'on_dependency_failure': 'fail'", error.Message);
        Assert.Equal("expected one of: wait, stop; did you mean 'stop'?", error.Hint);
    }

    [Theory]
    [InlineData("false", "expected one of: include, ignore; did you mean 'ignore'?")]
    [InlineData("exclude", "expected one of: include, ignore; did you mean 'ignore'?")]
    [InlineData("maybe", "expected one of: include, ignore")]
    public void Load_BadHealth_SuggestsIncludeOrIgnore(string written, string hint)
    {
        var result = Load($"programs:\n  web:\n    command: web\n    health: {written}\n");

        var error = SingleErrorAt(result, "4:13");
        Assert.Equal($"invalid value for 'health': '{written}'", error.Message);
        Assert.Equal(hint, error.Hint);
    }

    [Theory]
    [InlineData("depend_on", "depends_on")]
    [InlineData("dependencies", "depends_on")]
    [InlineData("restartwith", "restart_with")]
    [InlineData("healthcheck", "readiness")]
    [InlineData("readiness_probe", "readiness")]
    [InlineData("livenes", "liveness")]
    [InlineData("on_dependency_fail", "on_dependency_failure")]
    public void Load_MistypedDependencyOrProbeKey_SuggestsIt(string written, string suggested)
    {
        var result = Load($"programs:\n  web:\n    command: web\n    {written}: x\n");

        Assert.Equal($"did you mean '{suggested}'?", SingleErrorAt(result, "4:5").Hint);
    }

    // ---- cycles -------------------------------------------------------------------------------

    [Fact]
    public void Load_DependencyCycle_NamesTheCycle()
    {
        var result = Load("""
            programs:
              a:
                command: a
                depends_on: [b]
              b:
                command: b
                depends_on: {c: ready}
              c:
                command: c
                depends_on:
                  a: {condition: started}
            """);

        var error = SingleErrorAt(result, "4:5");
        Assert.Equal("dependency cycle: a -> b -> c -> a", error.Message);
        Assert.Equal("programs in a cycle would wait for each other forever; remove one of these dependencies", error.Hint);
    }

    [Fact]
    public void Load_TwoSeparateCycles_AreEachReportedOnce()
    {
        var result = Load("""
            programs:
              a:
                command: a
                depends_on: [b]
              b:
                command: b
                depends_on: [a]
              c:
                command: c
                depends_on: [d]
              d:
                command: d
                depends_on: [e]
              e:
                command: e
                depends_on: [c]
              f:
                command: f
                depends_on: [a, c]
            """);

        Assert.Null(result.Config);
        Assert.Equal(
            [
                "tend.yaml:4:5: error: dependency cycle: a -> b -> a (programs in a cycle would wait for each other forever; remove one of these dependencies)",
                "tend.yaml:10:5: error: dependency cycle: c -> d -> e -> c (programs in a cycle would wait for each other forever; remove one of these dependencies)",
            ],
            result.Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void Load_CycleReachedFromLaterProgram_StartsAtItsEarliestDeclaredProgram()
    {
        var result = Load("""
            programs:
              x:
                command: x
                depends_on: [a]
              b:
                command: b
                depends_on: [a]
              a:
                command: a
                depends_on: [b]
            """);

        Assert.Equal("dependency cycle: b -> a -> b", SingleErrorAt(result, "7:5").Message);
    }

    [Fact]
    public void Load_TwoCyclesThroughOneProgram_AreBothReported()
    {
        var result = Load("""
            programs:
              a:
                command: a
                depends_on: [b, c]
              b: {command: b, depends_on: [a]}
              c: {command: c, depends_on: [a]}
            """);

        Assert.Null(result.Config);
        Assert.Equal(
            ["tend.yaml:4:5 dependency cycle: a -> b -> a", "tend.yaml:4:5 dependency cycle: a -> c -> a"],
            result.Diagnostics.Select(d => $"{d.Location} {d.Message}"));
    }

    [Fact]
    public void Load_LongChainCycle_IsReportedWithoutOverflow()
    {
        var yaml = new System.Text.StringBuilder("programs:\n");
        const int count = 3000;
        for (var i = 0; i < count; i++) yaml.Append($"  p{i}: {{command: x, depends_on: [p{(i + 1) % count}]}}\n");

        var result = Load(yaml.ToString());

        var error = SingleErrorAt(result, "2:20");
        Assert.StartsWith("dependency cycle: p0 -> p1 -> p2 -> ", error.Message);
        Assert.EndsWith(" -> p2999 -> p0", error.Message);
    }

    [Fact]
    public void Load_EveryDependencyProblem_IsReportedInOneRun()
    {
        var result = Load("""
            programs:
              migrate: {command: m}
              a:
                command: a
                depends_on: {b: ready, migrate: completed_successfully, ghost: started}
                restart_with: [c]
              b:
                command: b
                depends_on: [a, b]
                on_dependency_failure: later
            """);

        Assert.Null(result.Config);
        Assert.Equal(
            [
                "tend.yaml:5:5 dependency cycle: a -> b -> a",
                "tend.yaml:5:37 program 'a' waits for 'migrate' to complete successfully, but 'migrate' has restart: always, so it would never complete",
                "tend.yaml:5:61 program 'a' depends on 'ghost', which is not a program",
                "tend.yaml:6:20 program 'a' restarts with 'c', which is not in its depends_on",
                "tend.yaml:9:21 program 'b' depends on itself",
                "tend.yaml:10:28 invalid value for 'on_dependency_failure': 'later'",
            ],
            result.Diagnostics.Select(d => $"{d.Location} {d.Message}"));
        Assert.All(result.Diagnostics, d => Assert.False(string.IsNullOrWhiteSpace(d.Hint)));
    }
}
