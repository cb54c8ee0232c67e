using Tend.Config;
using Tend.Model;

namespace Tend.UnitTests.Config.Supervisord;

/// <summary>Realistic supervisord.conf files, each loaded through ConfigLoader with zero errors and checked on a few facts.</summary>
public sealed class CorpusTests
{
    private static readonly Dictionary<string, string> Environment = new() { ["PORT"] = "8080" };

    /// <summary>The corpus stays in the source tree; find it from the test binary's directory.</summary>
    private static string CorpusPath(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "Tend.UnitTests", "Config", "Supervisord", "Corpus", name);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"corpus file {name} not found above {AppContext.BaseDirectory}");
    }

    private static (TendConfig Config, IReadOnlyList<Diagnostic> Diagnostics) Load(string name)
    {
        var result = ConfigLoader.Load(CorpusPath(name), Environment);
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        return (result.Config!, result.Diagnostics);
    }

    private static ProgramSpec Program(TendConfig config, string name) => config.Programs.Single(p => p.Name == name);

    [Fact]
    public void Lemp()
    {
        var (config, diagnostics) = Load("lemp.conf");
        Assert.Equal(["mysql", "php-fpm", "nginx"], config.Programs.Select(p => p.Name));
        Assert.Equal([10, 20, 30], config.Programs.Select(p => p.Priority));
        var nginx = Program(config, "nginx");
        Assert.Equal(["/usr/sbin/nginx", "-g", "daemon off;"], nginx.Command);
        Assert.Equal(Signals.SIGQUIT, nginx.StopSignal);
        Assert.True(nginx.Main);
        Assert.True(Program(config, "php-fpm").RedirectStderr);
        Assert.Equal(TimeSpan.FromSeconds(60), Program(config, "mysql").StopTimeout);
        Assert.Equal(ConsoleStream.Stderr, Program(config, "mysql").Stderr.Console);
        Assert.Empty(diagnostics);
        Assert.Equal("/run/supervisord.pid", config.Supervisord!.PidFile);
        Assert.Equal("/dev/null", config.Supervisord!.LogFile);
    }

    [Fact]
    public void QueueWorkers()
    {
        var (config, _) = Load("queue-workers.conf");
        var workers = config.Programs.Where(p => p.ProgramGroup == "laravel-worker").ToList();
        Assert.Equal(8, workers.Count);
        Assert.Equal("laravel-worker_07", workers[7].Name);
        Assert.All(workers, w => Assert.Equal("/var/www/storage/logs/worker.log", w.Stdout.File!.Path));
        Assert.All(workers, w => Assert.True(w.StopAsGroup && w.KillAsGroup));
        Assert.Equal("www-data", workers[0].User);
        Assert.Equal(new LogFileSpec("/var/www/storage/logs/horizon.log") { MaxBytes = 10 * 1024 * 1024, Backups = 5 }, Program(config, "horizon").Stdout.File);
        Assert.Equal("unix:///var/run/supervisor.sock", workers[0].Environment["SUPERVISOR_SERVER_URL"]);
        Assert.Equal("unix:///var/run/supervisor.sock", config.Supervisord!.Supervisorctl.ServerUrl);
    }

    [Fact]
    public void Groups()
    {
        var (config, _) = Load("groups.conf");
        Assert.Equal(["gunicorn", "celery0", "celery1", "celery-beat"], config.Programs.Select(p => p.Name));
        Assert.Equal("web", Program(config, "gunicorn").ProgramGroup);
        Assert.Equal("jobs", Program(config, "celery1").ProgramGroup);
        Assert.Equal(["/app/.venv/bin/gunicorn", "shop.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "4"], Program(config, "gunicorn").Command);
        Assert.Equal("shop.settings.prod", Program(config, "gunicorn").Environment["DJANGO_SETTINGS_MODULE"]);
        Assert.Equal($"worker1@{System.Environment.MachineName}", Program(config, "celery1").Command[^1]);
        Assert.Equal(RestartPolicy.OnFailure, Program(config, "celery-beat").Restart);
        Assert.Equal([0, 2], Program(config, "celery-beat").ExitCodes);
        Assert.Equal("shop", config.Supervisord!.Identifier);
        Assert.True(new Tend.Supervisord.Http.BasicAuth("admin", config.Supervisord.InetHttpServer!.Credentials!.Password).IsAccepted("Basic " + Convert.ToBase64String("admin:test"u8)));
        Assert.Equal("http://127.0.0.1:9001", Program(config, "celery0").Environment["SUPERVISOR_SERVER_URL"]);
    }

    [Fact]
    public void DockerStdout()
    {
        var (config, diagnostics) = Load("docker-stdout.conf");
        Assert.Empty(diagnostics);
        var app = Program(config, "app");
        Assert.Equal(["/usr/local/bin/app", "--port=8080"], app.Command);
        Assert.Equal(ConsoleStream.Stdout, app.Stdout.Console);
        Assert.Equal(ConsoleStream.Stderr, app.Stderr.Console);
        Assert.Equal(TimeSpan.FromSeconds(5), app.StartSeconds);
        Assert.Equal(10, app.StartRetries);
        Assert.Equal(ConsoleStream.Stdout, Program(config, "cron").Stdout.Console);
        Assert.Null(config.Supervisord!.LogFile);
        Assert.Equal("warn", config.Supervisord.LogLevel);
    }

    [Fact]
    public void EventListener()
    {
        var (config, diagnostics) = Load("event-listener.conf");
        Assert.Empty(diagnostics);
        var listener = Program(config, "fatal-exit");
        Assert.Equal(["PROCESS_STATE_FATAL", "PROCESS_STATE_EXITED"], listener.EventListener!.Events);
        Assert.Equal(20, listener.EventListener.BufferSize);
        Assert.Null(listener.Stdout.Console);
        Assert.Equal(1, listener.Priority);
        Assert.Null(Program(config, "api").EventListener);
    }

    [Fact]
    public void Includes()
    {
        var (config, diagnostics) = Load("includes/supervisord.conf");
        Assert.Empty(diagnostics);
        Assert.Equal(["redis", "app"], config.Programs.Select(p => p.Name));
        var confd = Path.GetDirectoryName(CorpusPath("includes/conf.d/20-app.conf"))!;
        Assert.Equal(Path.Combine(confd, "../bin/app"), Program(config, "app").Command[0]);
        Assert.Equal("redis://localhost:6379/0", Program(config, "app").Environment["REDIS_URL"]);
        Assert.Equal("/var/log/supervisor", config.Supervisord!.ChildLogDir);
        Assert.EndsWith("supervisord.sock", Program(config, "redis").Environment["SUPERVISOR_SERVER_URL"]);
    }
}
