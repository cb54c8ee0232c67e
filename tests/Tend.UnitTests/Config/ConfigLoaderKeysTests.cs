using Tend.Config;
using Tend.Model;
using static Tend.UnitTests.Config.ConfigTestSupport;

namespace Tend.UnitTests.Config;

public class ConfigLoaderKeysTests
{
    [Fact]
    public void Load_EveryKey_MapsToProgramSpec()
    {
        var p = LoadSingle("""
            programs:
              web:
                command: ["nginx", "-g", "daemon off;"]
                environment: {KEY: value, PORT: 8080}
                working_dir: /srv
                user: www-data
                group: www-data
                umask: "022"
                restart: on-failure
                exit_codes: [0, 2]
                start_seconds: 5
                start_retries: 7
                backoff: {initial: 2s, max: 1m, reset: 90s}
                stop_signal: QUIT
                stop_timeout: 20s
                priority: 50
                main: true
                critical: true
                autostart: false
                log_prefix: false
                forward_signals: [USR1, WINCH]
            """);

        Assert.Equal("web", p.Name);
        Assert.Equal(["nginx", "-g", "daemon off;"], p.Command);
        Assert.Equal(new Dictionary<string, string> { ["KEY"] = "value", ["PORT"] = "8080" }, p.Environment);
        Assert.Equal("/srv", p.WorkingDir);
        Assert.Equal("www-data", p.User);
        Assert.Equal("www-data", p.Group);
        Assert.Equal(18, p.Umask);
        Assert.Equal(RestartPolicy.OnFailure, p.Restart);
        Assert.Equal([0, 2], p.ExitCodes);
        Assert.Equal(TimeSpan.FromSeconds(5), p.StartSeconds);
        Assert.Equal(7, p.StartRetries);
        Assert.Equal(new BackoffSpec { Initial = TimeSpan.FromSeconds(2), Max = TimeSpan.FromMinutes(1), Reset = TimeSpan.FromSeconds(90) }, p.Backoff);
        Assert.Equal(Signals.SIGQUIT, p.StopSignal);
        Assert.Equal(TimeSpan.FromSeconds(20), p.StopTimeout);
        Assert.Equal(50, p.Priority);
        Assert.True(p.Main);
        Assert.True(p.Critical);
        Assert.False(p.AutoStart);
        Assert.False(p.LogPrefix);
        Assert.Equal([Signals.SIGUSR1, Signals.SIGWINCH], p.ForwardSignals);
        Assert.Equal(new SourceLocation("tend.yaml", 2, 3), p.DefinedAt);
    }

    [Fact]
    public void Load_OnlyCommand_UsesModelDefaults()
    {
        var p = LoadSingle("""
            programs:
              app:
                command: [app]
            """);

        var defaults = new ProgramSpec { Name = "app", Command = ["app"] };
        Assert.Empty(p.Environment);
        Assert.Null(p.WorkingDir);
        Assert.Null(p.User);
        Assert.Null(p.Group);
        Assert.Null(p.Umask);
        Assert.Equal(RestartPolicy.Always, p.Restart);
        Assert.Equal([0], p.ExitCodes);
        Assert.Equal(TimeSpan.FromSeconds(1), p.StartSeconds);
        Assert.Equal(3, p.StartRetries);
        Assert.Equal(new BackoffSpec(), p.Backoff);
        Assert.Null(p.Backoff.Reset);
        Assert.Equal(Signals.SIGTERM, p.StopSignal);
        Assert.Equal(TimeSpan.FromSeconds(10), p.StopTimeout);
        Assert.Equal(100, p.Priority);
        Assert.False(p.Main);
        Assert.False(p.Critical);
        Assert.True(p.AutoStart);
        Assert.True(p.LogPrefix);
        Assert.Empty(p.ForwardSignals);
        Assert.Equal(defaults with { Command = p.Command, DefinedAt = p.DefinedAt, Environment = p.Environment, ExitCodes = p.ExitCodes, ForwardSignals = p.ForwardSignals }, p);
    }

    [Fact]
    public void Load_PartialBackoff_KeepsDefaultsForMissingKeys()
    {
        var p = LoadSingle("""
            programs:
              app: {command: app, backoff: {max: 2m}}
            """);

        Assert.Equal(TimeSpan.FromSeconds(1), p.Backoff.Initial);
        Assert.Equal(TimeSpan.FromMinutes(2), p.Backoff.Max);
        Assert.Null(p.Backoff.Reset);
    }

    [Fact]
    public void Load_NullValues_MeanDefault()
    {
        var p = LoadSingle("""
            programs:
              app:
                command: app
                user:
                priority: ~
                main: null
            """);

        Assert.Null(p.User);
        Assert.Equal(100, p.Priority);
        Assert.False(p.Main);
    }

    [Fact]
    public void Load_SeveralPrograms_KeepDeclarationOrderAndSource()
    {
        var result = Load("""
            programs:
              zeta: {command: z, priority: 1}
              alpha: {command: a}
              mid: {command: m}
            """);

        Assert.NotNull(result.Config);
        Assert.Equal(["zeta", "alpha", "mid"], result.Config.Programs.Select(p => p.Name));
        Assert.Equal("tend.yaml", result.Config.Source);
        Assert.Equal(new SourceLocation("tend.yaml", 3, 3), result.Config.Programs[1].DefinedAt);
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void Load_EnvironmentAsComposeList_ParsesNameEqualsValue()
    {
        var p = LoadSingle("""
            programs:
              app:
                command: app
                environment:
                  - A=1
                  - B=x=y
                  - EMPTY=
            """);

        Assert.Equal(new Dictionary<string, string> { ["A"] = "1", ["B"] = "x=y", ["EMPTY"] = "" }, p.Environment);
    }

    [Fact]
    public void Load_EnvironmentNameWithoutValue_TakesItFromTheGivenEnvironment()
    {
        var p = LoadSingle("""
            programs:
              app:
                command: app
                environment: [FROM_HOST, MISSING]
            """, Env(("FROM_HOST", "host-value")));

        Assert.Equal(new Dictionary<string, string> { ["FROM_HOST"] = "host-value" }, p.Environment);
    }

    [Fact]
    public void Load_EnvironmentMappingWithNullValue_TakesItFromTheGivenEnvironment()
    {
        var p = LoadSingle("""
            programs:
              app:
                command: app
                environment:
                  TZ:
                  DEBUG: true
            """, Env(("TZ", "UTC")));

        Assert.Equal(new Dictionary<string, string> { ["TZ"] = "UTC", ["DEBUG"] = "true" }, p.Environment);
    }

    [Theory]
    [InlineData("\"022\"", 18)]
    [InlineData("022", 18)]
    [InlineData("27", 23)]
    [InlineData("0o077", 63)]
    [InlineData("0", 0)]
    [InlineData("\"0777\"", 511)]
    public void Load_Umask_IsReadAsOctal(string yaml, int expected)
    {
        var p = LoadSingle($"programs:\n  app: {{command: app, umask: {yaml}}}\n");

        Assert.Equal(expected, p.Umask);
    }

    [Theory]
    [InlineData("TERM", Signals.SIGTERM)]
    [InlineData("SIGTERM", Signals.SIGTERM)]
    [InlineData("term", Signals.SIGTERM)]
    [InlineData("sigint", Signals.SIGINT)]
    [InlineData("9", Signals.SIGKILL)]
    [InlineData("34", 34)]
    public void Load_StopSignal_AcceptsNamesAndNumbers(string yaml, int expected)
    {
        var p = LoadSingle($"programs:\n  app: {{command: app, stop_signal: {yaml}}}\n");

        Assert.Equal(expected, p.StopSignal);
    }

    [Theory]
    [InlineData("always", RestartPolicy.Always)]
    [InlineData("on-failure", RestartPolicy.OnFailure)]
    [InlineData("never", RestartPolicy.Never)]
    [InlineData("Never", RestartPolicy.Never)]
    public void Load_Restart_AcceptsTheThreePolicies(string yaml, RestartPolicy expected)
    {
        var p = LoadSingle($"programs:\n  app: {{command: app, restart: {yaml}}}\n");

        Assert.Equal(expected, p.Restart);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    [InlineData("True", true)]
    [InlineData("\"false\"", false)]
    public void Load_Booleans_AcceptTrueAndFalse(string yaml, bool expected)
    {
        var p = LoadSingle($"programs:\n  app: {{command: app, critical: {yaml}}}\n");

        Assert.Equal(expected, p.Critical);
    }

    [Fact]
    public void Load_SingleValuesForLists_AreListsOfOne()
    {
        var p = LoadSingle("""
            programs:
              app: {command: app, exit_codes: 3, forward_signals: HUP}
            """);

        Assert.Equal([3], p.ExitCodes);
        Assert.Equal([Signals.SIGHUP], p.ForwardSignals);
    }

    [Fact]
    public void Load_EmptyExitCodes_IsAnEmptyList()
    {
        var p = LoadSingle("""
            programs:
              app: {command: app, exit_codes: []}
            """);

        Assert.Empty(p.ExitCodes);
    }

    [Fact]
    public void Load_ProgramNamedLikeANumberOrBoolean_KeepsTheText()
    {
        var result = Load("""
            programs:
              123: {command: a}
              true: {command: b}
            """);

        Assert.NotNull(result.Config);
        Assert.Equal(["123", "true"], result.Config.Programs.Select(p => p.Name));
    }

    [Fact]
    public void Load_ExtensionKeysAndMergeKeys_ShareSettings()
    {
        var p = LoadSingle("""
            x-defaults: &defaults
              restart: never
              stop_timeout: 3s
              environment: {A: "1"}
            programs:
              app:
                <<: *defaults
                command: app
                stop_timeout: 5s
            """);

        Assert.Equal(RestartPolicy.Never, p.Restart);
        Assert.Equal(TimeSpan.FromSeconds(5), p.StopTimeout);
        Assert.Equal("1", p.Environment["A"]);
    }

    [Fact]
    public void Load_Aliases_ReuseAnchoredValues()
    {
        var result = Load("""
            programs:
              a: {command: &cmd [worker, --fast]}
              b: {command: *cmd}
            """);

        Assert.NotNull(result.Config);
        Assert.Equal(["worker", "--fast"], result.Config.Programs[1].Command);
    }
}
