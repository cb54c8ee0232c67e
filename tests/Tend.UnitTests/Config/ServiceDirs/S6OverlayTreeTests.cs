using Tend.Config;
using Tend.Config.ServiceDirs;
using Tend.Model;

namespace Tend.UnitTests.Config.ServiceDirs;

/// <summary>
/// An nginx + php-fpm image as s6-overlay v3 images are built: cont-init.d scripts, an s6-rc
/// oneshot the longruns depend on, a user bundle, an nginx logger joined by producer-for, a
/// services.d cron with its log/, and a cont-finish.d script.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class S6OverlayTreeTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private static readonly IReadOnlyDictionary<string, string> NoEnv = TempTree.Env();

    private string Rc(string relative) => _tree.Path("etc/s6-overlay/s6-rc.d/" + relative);

    private void BuildWebImage()
    {
        _tree.Script("etc/cont-init.d/10-adduser", "#!/command/with-contenv bash\nusermod -u \"$PUID\" www-data\n");
        _tree.Script("etc/cont-init.d/20-config", "#!/bin/sh\nenvsubst < /tmpl > /etc/nginx/nginx.conf\n");

        _tree.File("etc/s6-overlay/s6-rc.d/init-db/type", "oneshot\n");
        _tree.File("etc/s6-overlay/s6-rc.d/init-db/up", "with-contenv\n/etc/s6-overlay/scripts/init-db --migrate\n");
        _tree.File("etc/s6-overlay/s6-rc.d/init-db/down", "/etc/s6-overlay/scripts/init-db \"--drop cache\"\n");
        _tree.File("etc/s6-overlay/s6-rc.d/init-db/timeout-up", "30000\n");
        _tree.File("etc/s6-overlay/s6-rc.d/init-db/dependencies.d/base");

        _tree.File("etc/s6-overlay/s6-rc.d/php-fpm/type", "longrun\n");
        _tree.Script("etc/s6-overlay/s6-rc.d/php-fpm/run", "#!/command/execlineb -P\nphp-fpm -F\n");
        _tree.File("etc/s6-overlay/s6-rc.d/php-fpm/notification-fd", "3\n");
        _tree.File("etc/s6-overlay/s6-rc.d/php-fpm/dependencies.d/base");
        _tree.File("etc/s6-overlay/s6-rc.d/php-fpm/dependencies.d/init-db");

        _tree.File("etc/s6-overlay/s6-rc.d/nginx/type", "longrun\n");
        _tree.Script("etc/s6-overlay/s6-rc.d/nginx/run", "#!/bin/sh\nexec nginx -g 'daemon off;'\n");
        _tree.Script("etc/s6-overlay/s6-rc.d/nginx/finish", "#!/bin/sh\necho nginx died $1 $2\n");
        _tree.File("etc/s6-overlay/s6-rc.d/nginx/down-signal", "SIGQUIT\n");
        _tree.File("etc/s6-overlay/s6-rc.d/nginx/timeout-kill", "5000\n");
        _tree.File("etc/s6-overlay/s6-rc.d/nginx/producer-for", "nginx-log\n");
        _tree.File("etc/s6-overlay/s6-rc.d/nginx/dependencies.d/php-fpm");
        _tree.File("etc/s6-overlay/s6-rc.d/nginx/dependencies.d/init-db");

        _tree.File("etc/s6-overlay/s6-rc.d/nginx-log/type", "longrun\n");
        _tree.Script("etc/s6-overlay/s6-rc.d/nginx-log/run", "#!/bin/sh\nexec logutil-service /var/log/nginx\n");
        _tree.File("etc/s6-overlay/s6-rc.d/nginx-log/consumer-for", "nginx\n");

        _tree.File("etc/s6-overlay/s6-rc.d/debug-shell/type", "longrun\n");
        _tree.Script("etc/s6-overlay/s6-rc.d/debug-shell/run");

        // The user bundle is s6-overlay's: images only add contents.d entries.
        _tree.File("etc/s6-overlay/s6-rc.d/user/contents.d/nginx");
        _tree.File("etc/s6-overlay/s6-rc.d/user/contents.d/nginx-log");

        _tree.Script("etc/services.d/cron/run", "#!/command/with-contenv sh\nexec crond -f\n");
        _tree.Script("etc/services.d/cron/finish");
        _tree.Script("etc/services.d/cron/log/run", "#!/bin/sh\nexec logutil-service /var/log/cron\n");

        _tree.Script("etc/cont-finish.d/00-flush", "#!/bin/sh\nsync\n");
    }

    private TendConfig Load(IReadOnlyList<string>? cmd = null, IReadOnlyDictionary<string, string>? env = null) =>
        TempTree.Valid(S6OverlayReader.Read(_tree.Root, cmd, env ?? NoEnv));

    private static (string, DependencyCondition)[] Deps(ProgramSpec p) =>
        p.DependsOn.Select(d => (d.Program, d.Condition)).OrderBy(d => d.Program, StringComparer.Ordinal).ToArray();

    [Fact]
    public void Read_WebImage_EveryProgramAndTheLayout()
    {
        BuildWebImage();
        var config = Load();

        Assert.Equal(ConfigLayout.S6Overlay, config.Layout);
        Assert.NotNull(config.S6);
        Assert.Equal(
            ["cont-init-10-adduser", "cont-init-20-config", "cron", "cron-log", "debug-shell", "init-db", "nginx", "nginx-log", "php-fpm"],
            config.Programs.Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Read_ContInit_OneshotsChainedInNameOrder()
    {
        BuildWebImage();
        var config = Load();
        var first = TempTree.Program(config, "cont-init-10-adduser");
        var second = TempTree.Program(config, "cont-init-20-config");

        Assert.Equal(ProgramKind.Oneshot, first.Kind);
        Assert.Equal(RestartPolicy.Never, first.Restart);
        Assert.Empty(first.DependsOn);
        Assert.Equal([("cont-init-10-adduser", DependencyCondition.CompletedSuccessfully)], Deps(second));
        // with-contenv is dropped from the #! line: Tend gives every program the container environment.
        Assert.Equal(["bash", _tree.Path("etc/cont-init.d/10-adduser")], first.Command);
        Assert.Equal([_tree.Path("etc/cont-init.d/20-config")], second.Command);
        Assert.False(first.Critical);
    }

    [Fact]
    public void Read_S6RcOneshot_UpAndDownCommandLinesAndTimeout()
    {
        BuildWebImage();
        var initDb = TempTree.Program(Load(), "init-db");

        Assert.Equal(ProgramKind.Oneshot, initDb.Kind);
        Assert.Equal(["/etc/s6-overlay/scripts/init-db", "--migrate"], initDb.Command);
        Assert.Equal(["/etc/s6-overlay/scripts/init-db", "--drop cache"], initDb.DownCommand);
        Assert.Equal(TimeSpan.FromSeconds(30), initDb.StartTimeout);
        Assert.Null(initDb.DownTimeout);
        // base is s6-overlay's own; the oneshot still runs after every cont-init script.
        Assert.Equal([("cont-init-20-config", DependencyCondition.CompletedSuccessfully)], Deps(initDb));
        Assert.True(initDb.AutoStart); // not in the user bundle, but nginx (which is) needs it
    }

    [Fact]
    public void Read_LongrunWithNotificationFd_DependentsWaitForReadiness()
    {
        BuildWebImage();
        var config = Load();
        var php = TempTree.Program(config, "php-fpm");
        var nginx = TempTree.Program(config, "nginx");

        Assert.Equal(3, php.NotificationFd);
        Assert.Equal([Rc("php-fpm/run"), "php-fpm"], php.Command);
        Assert.Equal(Rc("php-fpm"), php.WorkingDir);
        Assert.Equal(
            [("cont-init-20-config", DependencyCondition.CompletedSuccessfully), ("init-db", DependencyCondition.CompletedSuccessfully)],
            Deps(php));
        Assert.Equal(
            [
                ("cont-init-20-config", DependencyCondition.CompletedSuccessfully), ("init-db", DependencyCondition.CompletedSuccessfully),
                ("nginx-log", DependencyCondition.Started), ("php-fpm", DependencyCondition.Ready),
            ],
            Deps(nginx));
    }

    [Fact]
    public void Read_Longrun_S6FinishDownSignalAndKillTimeout()
    {
        BuildWebImage();
        var nginx = TempTree.Program(Load(), "nginx");

        Assert.Equal([Rc("nginx/finish")], nginx.FinishCommand);
        Assert.Equal(FinishStyle.S6, nginx.FinishStyle);
        Assert.Equal(TimeSpan.FromMilliseconds(5000), nginx.FinishTimeout);
        Assert.Equal(Signals.SIGQUIT, nginx.StopSignal);
        Assert.Equal(TimeSpan.FromMilliseconds(5000), nginx.StopTimeout);
        Assert.Null(nginx.NotificationFd);
    }

    [Fact]
    public void Read_ProducerFor_FeedsTheConsumersStdin()
    {
        BuildWebImage();
        var config = Load();

        Assert.Equal("nginx", TempTree.Program(config, "nginx-log").StdinFrom);
        Assert.Null(TempTree.Program(config, "nginx").StdinFrom);
    }

    [Fact]
    public void Read_AtomOutsideTheUserBundles_DefinedButNotStarted()
    {
        BuildWebImage();
        var config = Load();

        Assert.False(TempTree.Program(config, "debug-shell").AutoStart);
        Assert.True(TempTree.Program(config, "php-fpm").AutoStart);
        Assert.True(TempTree.Program(config, "nginx-log").AutoStart);
    }

    [Fact]
    public void Read_ServicesD_AfterContInitWithLoggerAndGraceTimes()
    {
        BuildWebImage();
        var config = Load(env: TempTree.Env(("S6_SERVICES_GRACETIME", "2000"), ("S6_KILL_GRACETIME", "1000")));
        var cron = TempTree.Program(config, "cron");
        var log = TempTree.Program(config, "cron-log");

        Assert.Equal([("cont-init-20-config", DependencyCondition.CompletedSuccessfully), ("cron-log", DependencyCondition.Started)], Deps(cron));
        Assert.Equal("cron", log.StdinFrom);
        Assert.Equal(TimeSpan.FromSeconds(3), cron.StopTimeout); // services grace, then the final kill grace
        Assert.Equal(FinishStyle.S6, cron.FinishStyle);
        Assert.Equal(_tree.Path("etc/services.d/cron"), cron.ServiceDirectory);
    }

    [Fact]
    public void Read_ContFinish_ShutdownCommandsWithTheFinishMaxTime()
    {
        BuildWebImage();
        var config = Load(env: TempTree.Env(("S6_KILL_FINISH_MAXTIME", "7000")));

        var flush = Assert.Single(config.ShutdownCommands);
        Assert.Equal("cont-finish-00-flush", flush.Name);
        Assert.Equal([_tree.Path("etc/cont-finish.d/00-flush")], flush.Command);
        Assert.Equal(TimeSpan.FromSeconds(7), flush.Timeout);
    }

    [Fact]
    public void Read_Cmd_MainProgramAfterEverythingThatStarts()
    {
        BuildWebImage();
        var config = Load(cmd: ["with-contenv", "php", "artisan", "queue:work"]);
        var cmd = TempTree.Program(config, S6OverlayReader.CmdName);

        Assert.True(cmd.Main);
        Assert.Equal(RestartPolicy.Never, cmd.Restart);
        Assert.Equal(["php", "artisan", "queue:work"], cmd.Command);
        var deps = Deps(cmd).ToDictionary(d => d.Item1, d => d.Item2);
        Assert.Equal(DependencyCondition.CompletedSuccessfully, deps["init-db"]);
        Assert.Equal(DependencyCondition.Ready, deps["php-fpm"]);
        Assert.Equal(DependencyCondition.Started, deps["cron"]);
        Assert.False(deps.ContainsKey("debug-shell"));
        Assert.Empty(cmd.ForwardSignals);
    }

    [Fact]
    public void Read_CmdWithWaitAndSignals_ReadyServicesAndForwardedSignals()
    {
        BuildWebImage();
        var env = TempTree.Env(("S6_CMD_WAIT_FOR_SERVICES", "1"), ("S6_CMD_RECEIVE_SIGNALS", "1"), ("S6_CMD_ARG0", "/usr/bin/env TZ=UTC"));
        var cmd = TempTree.Program(Load(cmd: ["app"], env: env), S6OverlayReader.CmdName);

        Assert.Equal(["/usr/bin/env", "TZ=UTC", "app"], cmd.Command);
        Assert.Equal(DependencyCondition.Ready, Deps(cmd).ToDictionary(d => d.Item1, d => d.Item2)["cron"]);
        Assert.Contains(Signals.SIGTERM, cmd.ForwardSignals);
        Assert.Contains(Signals.SIGWINCH, cmd.ForwardSignals);
    }

    [Fact]
    public void Read_User2Bundle_WaitsForTheUserBundleAndServicesD()
    {
        BuildWebImage();
        _tree.File("etc/s6-overlay/s6-rc.d/late/type", "oneshot\n");
        _tree.File("etc/s6-overlay/s6-rc.d/late/up", "/usr/local/bin/warm-cache\n");
        _tree.File("etc/s6-overlay/user-bundles.d/user2/contents.d/late");

        var late = TempTree.Program(Load(), "late");
        Assert.True(late.AutoStart);
        Assert.Equal(
            [("cont-init-20-config", DependencyCondition.CompletedSuccessfully), ("cron", DependencyCondition.Started), ("cron-log", DependencyCondition.Started),
             ("nginx", DependencyCondition.Started), ("nginx-log", DependencyCondition.Started)],
            Deps(late));
    }

    [Fact]
    public void Read_DependencyOnABundle_ExpandsToItsAtoms()
    {
        _tree.File("etc/s6-overlay/s6-rc.d/db/type", "bundle\n");
        _tree.File("etc/s6-overlay/s6-rc.d/db/contents.d/migrate");
        _tree.File("etc/s6-overlay/s6-rc.d/db/contents.d/seed");
        foreach (var name in (string[])["migrate", "seed"])
        {
            _tree.File($"etc/s6-overlay/s6-rc.d/{name}/type", "oneshot\n");
            _tree.File($"etc/s6-overlay/s6-rc.d/{name}/up", $"/scripts/{name}\n");
        }
        _tree.File("etc/s6-overlay/s6-rc.d/app/type", "longrun\n");
        _tree.Script("etc/s6-overlay/s6-rc.d/app/run");
        _tree.File("etc/s6-overlay/s6-rc.d/app/dependencies.d/db");
        _tree.File("etc/s6-overlay/s6-rc.d/user/contents.d/app");

        var config = Load();
        Assert.Equal([("migrate", DependencyCondition.CompletedSuccessfully), ("seed", DependencyCondition.CompletedSuccessfully)], Deps(TempTree.Program(config, "app")));
        Assert.True(TempTree.Program(config, "seed").AutoStart);
        Assert.DoesNotContain(config.Programs, p => p.Name == "db");
    }

    [Fact]
    public void Read_Stage2FailsStop_ContInitIsCritical()
    {
        BuildWebImage();
        var config = Load(env: TempTree.Env(("S6_BEHAVIOUR_IF_STAGE2_FAILS", "2")));

        Assert.True(TempTree.Program(config, "cont-init-10-adduser").Critical);
        Assert.Equal(S6Stage2Failure.Stop, config.S6!.Stage2Failure);
    }

    [Fact]
    public void Load_Directory_DetectsAnS6Root()
    {
        BuildWebImage();
        var config = TempTree.Valid(ConfigLoader.Load(_tree.Root, NoEnv));

        Assert.Equal(ConfigLayout.S6Overlay, config.Layout);
        Assert.DoesNotContain(config.Programs, p => p.Main);
    }

    [Fact]
    public void LoadS6Overlay_PassesTheCmd()
    {
        BuildWebImage();
        var config = TempTree.Valid(ConfigLoader.LoadS6Overlay(_tree.Root, ["sleep", "infinity"], NoEnv));

        Assert.Equal(["sleep", "infinity"], Assert.Single(config.Programs, p => p.Main).Command);
    }
}
