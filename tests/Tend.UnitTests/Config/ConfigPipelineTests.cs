using Tend.Config;
using Tend.Model;

namespace Tend.UnitTests.Config;

/// <summary>
/// The composition every verb shares (`run`, its reload, `check`, `export`, `convert`): the command
/// after -- as the main program, a crontab's jobs, the account check; the same sources give the same
/// model however often they are loaded (a reload composes exactly as the start did).
/// </summary>
public sealed class ConfigPipelineTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tend-pipeline-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly IReadOnlyDictionary<string, string> NoEnvironment = new Dictionary<string, string>();

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private sealed class NoUsers : IAccountDatabase
    {
        public (AccountLookup Result, string? Why) FindUser(string name) => (AccountLookup.Missing, null);

        public (AccountLookup Result, string? Why) FindGroup(string name) => (AccountLookup.Missing, null);
    }

    [Fact]
    public void Load_CommandAfterDashes_IsTheMainProgramAndTakesTheRoleWithAWarning()
    {
        var path = Write("tend.yaml", "programs:\n  web:\n    command: sleep 10\n    main: true\n");

        var result = ConfigPipeline.Load(new ConfigSources { Path = path, Command = ["/bin/worker", "-v"] }, NoEnvironment, null);

        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        var programs = result.Config!.Programs;
        Assert.Equal(["web", "worker"], programs.Select(p => p.Name));
        Assert.False(programs[0].Main);
        Assert.True(programs[1].Main);
        Assert.Equal(RestartPolicy.Never, programs[1].Restart);
        Assert.Equal(["/bin/worker", "-v"], programs[1].Command);
        var warning = Assert.Single(result.Diagnostics);
        Assert.Equal(Severity.Warning, warning.Severity);
        Assert.Contains("\"web\" is marked main, but the command after -- takes that role", warning.Message);
    }

    [Fact]
    public void Load_CommandNamedLikeAProgram_IsCalledMain()
    {
        var path = Write("tend.yaml", "programs:\n  sleep:\n    command: sleep 10\n");

        var result = ConfigPipeline.Load(new ConfigSources { Path = path, Command = ["sleep", "5"] }, NoEnvironment, null);

        Assert.Equal(["sleep", "main"], result.Config!.Programs.Select(p => p.Name));
    }

    [Fact]
    public void Load_CommandNamedLikeAProgram_WhenMainIsTakenToo_GetsAFreeName()
    {
        // supervisord.conf users name programs freely; "main" may be one of them.
        var path = Write("supervisord.conf", "[supervisord]\nnodaemon=true\n\n[program:sleep]\ncommand=sleep 10\n\n[program:main]\ncommand=sleep 20\n");

        var result = ConfigPipeline.Load(new ConfigSources { Path = path, Command = ["sleep", "5"] }, NoEnvironment, null);

        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        Assert.Equal(["sleep", "main", "main-2"], result.Config!.Programs.Select(p => p.Name));
        Assert.True(result.Config.Programs[2].Main);
    }

    [Fact]
    public void Load_OnlyACommand_GivesAConfigurationOfTheMainProgramAlone()
    {
        var sources = new ConfigSources { Command = ["/bin/sh", "-c", "exit 0"] };

        var result = ConfigPipeline.Load(sources, NoEnvironment, new NoUsers());

        Assert.False(sources.HasConfiguration);
        Assert.Equal("sh", Assert.Single(result.Config!.Programs).Name);
    }

    [Fact]
    public void Load_WithACrontab_AddsItsJobsAfterTheConfigurations()
    {
        var path = Write("tend.yaml", "programs:\n  web:\n    command: sleep 10\njobs:\n  cron-1:\n    schedule: '@hourly'\n    command: true\n");
        var crontab = Write("crontab", "*/5 * * * * echo tick\n");

        var result = ConfigPipeline.Load(new ConfigSources { Path = path, Crontab = new CrontabSource(crontab, null) }, NoEnvironment, null);

        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        Assert.Equal(["cron-1", "cron-2"], result.Config!.Jobs.Select(j => j.Name));
    }

    [Fact]
    public void Load_ACrontabAlone_IsAConfigurationNamedAfterIt()
    {
        var crontab = Write("crontab", "@daily echo once\n");

        var result = ConfigPipeline.Load(new ConfigSources { Crontab = new CrontabSource(crontab, null) }, NoEnvironment, null);

        Assert.Equal(crontab, result.Config!.Source);
        Assert.Single(result.Config.Jobs);
        Assert.Empty(result.Config.Programs);
    }

    [Fact]
    public void Load_WithAnAccountDatabase_RefusesAnUnknownUser_AndWithoutOneDoesNot()
    {
        var path = Write("tend.yaml", "programs:\n  web:\n    command: sleep 10\n    user: nosuchuser\n");
        var sources = new ConfigSources { Path = path };

        Assert.True(ConfigPipeline.Load(sources, NoEnvironment, new NoUsers()).HasErrors);
        Assert.False(ConfigPipeline.Load(sources, NoEnvironment, null).HasErrors);
    }

    [Fact]
    public void Load_TheSameSourcesTwice_GiveTheSamePrograms()
    {
        var path = Write("tend.yaml", "programs:\n  web:\n    command: sleep 10\n");
        var sources = new ConfigSources { Path = path, Command = ["/bin/worker"] };

        var first = ConfigPipeline.Load(sources, NoEnvironment, null).Config!;
        var again = ConfigPipeline.Load(sources, NoEnvironment, null).Config!;

        Assert.Equal(first.Programs.Select(p => (p.Name, p.Main)), again.Programs.Select(p => (p.Name, p.Main)));
    }
}
