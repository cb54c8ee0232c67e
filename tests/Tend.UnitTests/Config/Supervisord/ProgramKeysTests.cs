using Tend.Model;
using static Tend.UnitTests.Config.Supervisord.IniTestSupport;

namespace Tend.UnitTests.Config.Supervisord;

public sealed class ProgramKeysTests
{
    private static ProgramSpec With(string keys) => Single($"[program:a]\ncommand=/bin/app\n{keys}\n");

    [Fact]
    public void Defaults_AreSupervisords()
    {
        var p = With("");
        Assert.Equal(999, p.Priority);
        Assert.True(p.AutoStart);
        Assert.Equal(RestartPolicy.OnFailure, p.Restart);
        Assert.Equal([0], p.ExitCodes);
        Assert.Equal(TimeSpan.FromSeconds(1), p.StartSeconds);
        Assert.Equal(3, p.StartRetries);
        Assert.Equal(Signals.SIGTERM, p.StopSignal);
        Assert.Equal(TimeSpan.FromSeconds(10), p.StopTimeout);
        Assert.False(p.StopAsGroup);
        Assert.False(p.KillAsGroup);
        Assert.False(p.RedirectStderr);
        Assert.Equal(ConsoleStream.Stdout, p.Stdout.Console);
        Assert.Equal(ConsoleStream.Stderr, p.Stderr.Console);
        Assert.Null(p.User);
        Assert.Null(p.Umask);
        Assert.Equal("a", p.ProgramGroup);
        Assert.False(p.Main);
        Assert.Null(p.EventListener);
    }

    [Fact]
    public void EveryScalarKey_IsRead()
    {
        var p = With("priority=5\nautostart=false\nautorestart=true\nexitcodes=0,2\nstartsecs=0\nstartretries=7\n"
            + "stopsignal=QUIT\nstopwaitsecs=30\nstopasgroup=true\nuser=www-data\nredirect_stderr=true\ndirectory=/srv\numask=022\n"
            + "tend_main=true\ntend_critical=yes");
        Assert.Equal(5, p.Priority);
        Assert.False(p.AutoStart);
        Assert.Equal(RestartPolicy.Always, p.Restart);
        Assert.Equal([0, 2], p.ExitCodes);
        Assert.Equal(TimeSpan.Zero, p.StartSeconds);
        Assert.Equal(7, p.StartRetries);
        Assert.Equal(Signals.SIGQUIT, p.StopSignal);
        Assert.Equal(TimeSpan.FromSeconds(30), p.StopTimeout);
        Assert.True(p.StopAsGroup);
        Assert.True(p.KillAsGroup); // implied by stopasgroup
        Assert.Equal("www-data", p.User);
        Assert.True(p.RedirectStderr);
        Assert.Equal("/srv", p.WorkingDir);
        Assert.Equal(18, p.Umask);
        Assert.True(p.Main);
        Assert.True(p.Critical);
    }

    [Theory]
    [InlineData("false", RestartPolicy.Never)]
    [InlineData("off", RestartPolicy.Never)]
    [InlineData("true", RestartPolicy.Always)]
    [InlineData("1", RestartPolicy.Always)]
    [InlineData("UNEXPECTED", RestartPolicy.OnFailure)]
    public void AutoRestart_Maps(string value, RestartPolicy expected) => Assert.Equal(expected, With($"autorestart={value}").Restart);

    [Theory]
    [InlineData("TERM", Signals.SIGTERM)]
    [InlineData("sigint", Signals.SIGINT)]
    [InlineData("HUP", Signals.SIGHUP)]
    [InlineData("KILL", Signals.SIGKILL)]
    [InlineData("USR1", Signals.SIGUSR1)]
    [InlineData("12", Signals.SIGUSR2)]
    public void StopSignal_NamesAndNumbers(string value, int expected) => Assert.Equal(expected, With($"stopsignal={value}").StopSignal);

    [Fact]
    public void KillAsGroup_Alone() => Assert.True(With("killasgroup=true").KillAsGroup);

    [Fact]
    public void Exitcodes_Empty_IsAnEmptyList() => Assert.Empty(With("exitcodes=").ExitCodes);

    [Fact]
    public void Command_IsSplitLikeShlex()
    {
        var p = Single("[program:a]\ncommand=/usr/sbin/nginx -g \"daemon off;\" -c '/etc/a b.conf' x\\ y \"q\\\"t\"\n");
        Assert.Equal(["/usr/sbin/nginx", "-g", "daemon off;", "-c", "/etc/a b.conf", "x y", "q\"t"], p.Command);
    }

    [Fact]
    public void Environment_SupervisordSyntax_WithQuotesAndCommas()
    {
        var p = With("environment=A=\"1,2\",B='x y',PATH=/usr/bin:/bin,C=plain");
        Assert.Equal("1,2", p.Environment["A"]);
        Assert.Equal("x y", p.Environment["B"]);
        Assert.Equal("/usr/bin:/bin", p.Environment["PATH"]);
        Assert.Equal("plain", p.Environment["C"]);
    }

    [Fact]
    public void Environment_SupervisorVariables_AreAdded_ProgramMayOverride()
    {
        var config = LoadValid("[unix_http_server]\nfile=/run/supervisor.sock\n[program:a]\ncommand=/bin/app\nenvironment=SUPERVISOR_ENABLED=\"yes\"\n");
        var env = Assert.Single(config.Programs).Environment;
        Assert.Equal("yes", env["SUPERVISOR_ENABLED"]);
        Assert.Equal("a", env["SUPERVISOR_PROCESS_NAME"]);
        Assert.Equal("a", env["SUPERVISOR_GROUP_NAME"]);
        Assert.Equal("unix:///run/supervisor.sock", env["SUPERVISOR_SERVER_URL"]);
    }

    [Fact]
    public void ServerUrl_ProgramKeyOverridesTheDaemons_AutoKeepsIt()
    {
        var config = LoadValid("[inet_http_server]\nport=*:9001\nusername=u\npassword=p\n[program:a]\ncommand=/bin/a\nserverurl=http://other:1\n[program:b]\ncommand=/bin/b\nserverurl=AUTO\n");
        Assert.Equal("http://other:1", config.Programs[0].Environment["SUPERVISOR_SERVER_URL"]);
        Assert.Equal("http://localhost:9001", config.Programs[1].Environment["SUPERVISOR_SERVER_URL"]);
    }

    [Fact]
    public void ServerUrl_NoServer_NoVariable() => Assert.False(With("").Environment.ContainsKey("SUPERVISOR_SERVER_URL"));

    [Theory]
    [InlineData("AUTO", ConsoleStream.Stdout)]
    [InlineData("/dev/stdout", ConsoleStream.Stdout)]
    [InlineData("/dev/stderr", ConsoleStream.Stderr)]
    [InlineData("/proc/self/fd/2", ConsoleStream.Stderr)]
    public void StdoutLogfile_ConsoleForms(string value, ConsoleStream expected)
    {
        var p = With($"stdout_logfile={value}\nstdout_logfile_maxbytes=5MB");
        Assert.Equal(expected, p.Stdout.Console);
        Assert.Null(p.Stdout.File);
    }

    [Fact]
    public void StdoutLogfile_None_IsDiscarded() => Assert.Equal(LogOutputSpec.Discarded, With("stdout_logfile=NONE").Stdout);

    [Fact]
    public void Logfiles_RealPath_IsAFileWithRotation_NotTheConsole()
    {
        var p = With("stdout_logfile=/var/log/a.log\nstdout_logfile_maxbytes=1KB\nstdout_logfile_backups=3\nstderr_logfile=/var/log/a.err\nstderr_logfile_maxbytes=2gb");
        Assert.Null(p.Stdout.Console);
        Assert.Equal(new LogFileSpec("/var/log/a.log") { MaxBytes = 1024, Backups = 3 }, p.Stdout.File);
        Assert.Equal(new LogFileSpec("/var/log/a.err") { MaxBytes = 2L * 1024 * 1024 * 1024, Backups = 10 }, p.Stderr.File);
    }

    [Fact]
    public void RedirectStderr_DropsStderrLogfile_WithSupervisordsWarning()
    {
        var w = WarningAt("[supervisord]\n[program:a]\ncommand=/bin/a\nredirect_stderr=true\nstderr_logfile=/var/log/e.log\n", 5);
        Assert.Contains("redirect_stderr=true, so stderr_logfile is ignored", w.Message);
    }

    [Theory]
    [InlineData("startsecs=soon", "invalid startsecs 'soon' in [program:a]", "expected a whole number, e.g. 10")]
    [InlineData("autostart=maybe", "invalid autostart 'maybe' in [program:a]", "use true or false (yes/no, on/off and 1/0 also work)")]
    [InlineData("autorestart=sometimes", "invalid autorestart 'sometimes' in [program:a]", "use true, false or unexpected")]
    [InlineData("exitcodes=0,256", "invalid exitcodes '0,256' in [program:a]", "expected a comma-separated list of exit codes between 0 and 255, e.g. 0,2")]
    [InlineData("stopsignal=BOOM", "invalid stopsignal 'BOOM' in [program:a]", "expected a signal name or number, e.g. TERM, INT, QUIT, HUP, KILL, USR1, USR2 or 15")]
    [InlineData("umask=089", "invalid umask '089' in [program:a]", "expected an octal number, e.g. 022")]
    [InlineData("umask=1777", "umask 1777 in [program:a] is out of range", "a umask is at most 777 (octal)")]
    [InlineData("stdout_logfile_maxbytes=5TB", "invalid stdout_logfile_maxbytes '5TB' in [program:a]", "expected a size in bytes, optionally with KB, MB or GB, e.g. 50MB (0 means no limit)")]
    [InlineData("stopwaitsecs=-1", "stopwaitsecs in [program:a]: negative duration '-1'", "expected a number of seconds, 0 or more")]
    [InlineData("stopasgroup=true\nkillasgroup=false", "[program:a] sets stopasgroup=true and killasgroup=false", "stopasgroup implies killasgroup: remove killasgroup or set it to true")]
    [InlineData("environment=A=1 B=2", "cannot read environment in [program:a]: expected ',' after A=1, found 'B'", null)]
    [InlineData("environment=URL=http://x?y", "cannot read environment in [program:a]: expected ',' after URL=http://x, found '?'", null)]
    [InlineData("environment=A=1,B", "cannot read environment in [program:a]: unexpected end of key/value pairs at 'B'", null)]
    [InlineData("tend_main=sure", "invalid tend_main 'sure' in [program:a]", "use true or false (yes/no, on/off and 1/0 also work)")]
    public void WrongValue_IsAnErrorAtItsLine_WithAHint(string keys, string message, string? hint)
    {
        var error = ErrorAt($"[supervisord]\n[program:a]\ncommand=/bin/a\n{keys}\n", keys.Contains('\n') ? 5 : 4);
        Assert.Equal(message, error.Message);
        Assert.Equal(hint ?? Tend.Config.Supervisord.EnvironmentPairs.Hint, error.Hint);
    }

    [Fact]
    public void MissingCommand_IsAnErrorAtTheSection()
    {
        var error = ErrorAt("[supervisord]\n[program:a]\nautostart=true\n", 2);
        Assert.Equal("[program:a] has no command", error.Message);
    }

    [Fact]
    public void EmptyCommand_IsAnError() => Assert.Equal("the command of [program:a] is empty", ErrorAt("[supervisord]\n[program:a]\ncommand=\n", 3).Message);

    [Fact]
    public void ShellOperatorInCommand_IsAWarning_PassedAsAnArgument()
    {
        var result = Load("[supervisord]\n[program:a]\ncommand=/bin/app | tee x\n");
        Assert.Equal(["/bin/app", "|", "tee", "x"], Assert.Single(result.Config!.Programs).Command);
        Assert.Contains("sh -c", SingleAt(result, Severity.Warning, 3).Hint);
    }

    [Theory]
    [InlineData("stdout_capture_maxbytes=1MB", "Tend emits no PROCESS_COMMUNICATION events")]
    [InlineData("stdout_syslog=true", "Tend does not write to syslog; the output goes to the console or the log file")]
    public void KeysTendDoesNotHonour_AreWarningsAtTheirLine(string key, string hint)
    {
        var w = WarningAt($"[supervisord]\n[program:a]\ncommand=/bin/a\n{key}\n", 4);
        Assert.Equal($"{key[..key.IndexOf('=')]} in [program:a] is not supported by Tend and is ignored", w.Message);
        Assert.Equal(hint, w.Hint);
    }

    [Theory]
    [InlineData("stdout_capture_maxbytes=0")]
    [InlineData("stderr_events_enabled=false")]
    [InlineData("stdout_syslog=false")]
    public void KeysTendDoesNotHonour_AtTheirDefault_AreQuiet(string key) =>
        Assert.Empty(Load($"[supervisord]\n[program:a]\ncommand=/bin/a\n{key}\n").Diagnostics);

    [Fact]
    public void UnknownKey_IsAWarningWithASuggestion()
    {
        var w = WarningAt("[supervisord]\n[program:a]\ncommand=/bin/a\nautostrat=true\n", 4);
        Assert.Equal("unknown key 'autostrat' in [program:a] is ignored", w.Message);
        Assert.Equal("did you mean 'autostart'?", w.Hint);
    }

    [Fact]
    public void TwoTendMains_IsAnError()
    {
        var error = ErrorAt("[supervisord]\n[program:a]\ncommand=/bin/a\ntend_main=true\n[program:b]\ncommand=/bin/b\ntend_main=true\n", 5);
        Assert.Contains("more than one program sets tend_main=true: a, b", error.Message);
    }

    [Fact]
    public void SupervisordUmask_IsTheDefaultForPrograms()
    {
        var config = LoadValid("umask=002\n[program:a]\ncommand=/bin/a\n[program:b]\ncommand=/bin/b\numask=077\n"); // the first line is in [supervisord]
        Assert.Equal([2, 63], config.Programs.Select(p => p.Umask!.Value));
    }
}
