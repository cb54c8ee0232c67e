using Tend.Model;
using static Tend.UnitTests.Config.Supervisord.IniTestSupport;

namespace Tend.UnitTests.Config.Supervisord;

public sealed class NumprocsAndGroupTests
{
    [Fact]
    public void Numprocs_ExpandsIntoOneProgramPerProcess_NamedByProcessName()
    {
        var config = LoadValid("[program:worker]\ncommand=/bin/work --slot %(process_num)d\nprocess_name=%(program_name)s_%(process_num)02d\nnumprocs=3\nnumprocs_start=1\n");
        Assert.Equal(["worker_01", "worker_02", "worker_03"], config.Programs.Select(p => p.Name));
        Assert.Equal(["/bin/work", "--slot", "3"], config.Programs[2].Command);
        Assert.All(config.Programs, p => Assert.Equal("worker", p.ProgramGroup));
        Assert.Equal("worker_02", config.Programs[1].Environment["SUPERVISOR_PROCESS_NAME"]);
        Assert.Equal("worker", config.Programs[1].Environment["SUPERVISOR_GROUP_NAME"]);
    }

    [Fact]
    public void Numprocs_PerProcessLogFiles()
    {
        var config = LoadValid("[program:w]\ncommand=/bin/w\nprocess_name=w%(process_num)d\nnumprocs=2\nstdout_logfile=/var/log/w%(process_num)d.log\n");
        Assert.Equal(["/var/log/w0.log", "/var/log/w1.log"], config.Programs.Select(p => p.Stdout.File!.Path));
    }

    [Fact]
    public void Numprocs_WithoutProcessNumInProcessName_IsAnError()
    {
        var error = ErrorAt("[supervisord]\n[program:w]\ncommand=/bin/w\nnumprocs=2\n", 4);
        Assert.Equal("[program:w] has numprocs=2 but its process_name does not contain %(process_num)", error.Message);
        Assert.Equal("each process needs its own name, e.g. process_name=%(program_name)s_%(process_num)02d", error.Hint);
    }

    [Fact]
    public void Numprocs_ProblemsAreReportedOnce()
    {
        var result = Load("[supervisord]\n[program:w]\ncommand=/bin/w %(nope)s\nprocess_name=w%(process_num)d\nnumprocs=4\n");
        Assert.Single(result.Diagnostics);
    }

    [Fact]
    public void Numprocs_Zero_IsAWarning() =>
        Assert.Contains("defines no process", WarningAt("[supervisord]\n[program:w]\ncommand=/bin/w\nnumprocs=0\n[program:x]\ncommand=/bin/x\n", 4).Message);

    [Fact]
    public void Group_GivesItsNameToItsPrograms()
    {
        var config = LoadValid("[group:web]\nprograms=nginx, php\n[program:nginx]\ncommand=/bin/nginx\n[program:php]\ncommand=/bin/php\n[program:cron]\ncommand=/bin/cron\n");
        Assert.Equal(["web", "web", "cron"], config.Programs.Select(p => p.ProgramGroup));
        Assert.Equal("web", config.Programs[0].Environment["SUPERVISOR_GROUP_NAME"]);
    }

    [Fact]
    public void Group_UnknownProgram_IsAnError()
    {
        var error = ErrorAt("[supervisord]\n[group:web]\nprograms=nginx,ghost\n[program:nginx]\ncommand=/bin/nginx\n", 3);
        Assert.Equal("[group:web] names unknown program 'ghost'", error.Message);
    }

    [Fact]
    public void Group_ProgramInTwoGroups_IsAnError()
    {
        var error = ErrorAt("[supervisord]\n[group:a]\nprograms=p\n[group:b]\nprograms=p\n[program:p]\ncommand=/bin/p\n", 5);
        Assert.Equal("program 'p' is already in [group:a]", error.Message);
    }

    [Fact]
    public void Group_Priority_OrdersStartAndStopAsSupervisordDoes()
    {
        // supervisord: groups by group priority (an ungrouped program is its own group), members by their own.
        var result = Load("[supervisord]\n" +
            "[group:web]\nprograms=nginx,php\npriority=10\n" +
            "[group:jobs]\nprograms=worker\n" +
            "[program:nginx]\ncommand=/bin/nginx\npriority=900\n" +
            "[program:php]\ncommand=/bin/php\npriority=800\n" +
            "[program:worker]\ncommand=/bin/worker\npriority=1\n" +
            "[program:redis]\ncommand=/bin/redis\npriority=500\n");
        Assert.Empty(result.Diagnostics);
        var config = result.Config!;
        Assert.Equal(["php", "nginx", "redis", "worker"], Tend.Supervision.StopPlan.StartOrder(config.Programs).Select(p => p.Name));
        var byName = config.Programs.ToDictionary(p => p.Name);
        // Stop: worker (999) first, then redis, then the web group together.
        Assert.False(Tend.Supervision.StopPlan.CanStop(byName["redis"], [byName["worker"], byName["redis"]]));
        Assert.True(Tend.Supervision.StopPlan.CanStop(byName["nginx"], [byName["nginx"], byName["php"]]));
        Assert.True(Tend.Supervision.StopPlan.CanStop(byName["php"], [byName["nginx"], byName["php"]]));
        Assert.False(Tend.Supervision.StopPlan.CanStop(byName["php"], [byName["redis"], byName["php"]]));
    }

    [Fact]
    public void Group_WithoutPrograms_IsAnError() =>
        Assert.Equal("[group:a] has no programs", ErrorAt("[supervisord]\n[group:a]\n[program:p]\ncommand=/bin/p\n", 2).Message);

    [Fact]
    public void DuplicateProcessNames_AcrossSections_AreAnError()
    {
        var error = ErrorAt("[supervisord]\n[program:a]\ncommand=/bin/a\n[program:b]\ncommand=/bin/b\nprocess_name=a\n", 4);
        Assert.Equal("the process name 'a' is also used at supervisord.conf:2", error.Message);
    }

    [Theory]
    [InlineData("[program:a b]")]
    [InlineData("[program:a/b]")]
    public void InvalidSectionName_IsAnError(string header) =>
        Assert.StartsWith("invalid name", ErrorAt($"[supervisord]\n{header}\ncommand=/bin/a\n", 2).Message);

    [Fact]
    public void ProcessName_NotValidForTend_IsAnError() =>
        Assert.Equal(Tend.Config.ProgramNames.Rule, ErrorAt("[supervisord]\n[program:a]\ncommand=/bin/a\nprocess_name=_a\n", 2).Hint);

    [Fact]
    public void EventListener_IsAProgramWithEvents_StdoutIsTheProtocol()
    {
        var config = LoadValid("[eventlistener:crashmail]\ncommand=/bin/crashmail\nevents=PROCESS_STATE_EXITED,TICK_60\nbuffer_size=50\n");
        var p = Assert.Single(config.Programs);
        Assert.Equal(["PROCESS_STATE_EXITED", "TICK_60"], p.EventListener!.Events);
        Assert.Equal(50, p.EventListener.BufferSize);
        Assert.Equal(LogOutputSpec.Discarded, p.Stdout);
        Assert.Equal(ConsoleStream.Stderr, p.Stderr.Console);
        Assert.Equal("crashmail", p.ProgramGroup);
    }

    [Fact]
    public void EventListener_WithoutEvents_IsAnError() =>
        Assert.Equal("[eventlistener:x] has no events", ErrorAt("[supervisord]\n[eventlistener:x]\ncommand=/bin/x\n", 2).Message);

    [Fact]
    public void EventListener_UnknownEventType_IsAnError()
    {
        var error = ErrorAt("[supervisord]\n[eventlistener:x]\ncommand=/bin/x\nevents=PROCESS_STATE,TOCK\n", 4);
        Assert.Equal("unknown event type 'TOCK' in [eventlistener:x]", error.Message);
        Assert.Contains("TICK_60", error.Hint);
    }

    [Fact]
    public void EventListener_RedirectStderr_IsAnError() =>
        Assert.Contains("redirect_stderr=true", ErrorAt("[supervisord]\n[eventlistener:x]\ncommand=/bin/x\nevents=TICK_5\nredirect_stderr=true\n", 5).Message);

    [Fact]
    public void EventListener_StdoutLogfile_IsAWarning() =>
        Assert.Contains("event protocol channel", WarningAt("[supervisord]\n[eventlistener:x]\ncommand=/bin/x\nevents=TICK_5\nstdout_logfile=/var/log/x\n", 5).Hint);

    [Fact]
    public void EventListener_CustomResultHandler_IsAWarning() =>
        Assert.Contains("result_handler", WarningAt("[supervisord]\n[eventlistener:x]\ncommand=/bin/x\nevents=TICK_5\nresult_handler=my.mod:handler\n", 5).Message);

    [Fact]
    public void FcgiProgram_IsAnError() =>
        Assert.Equal("[fcgi-program:php] is not supported by Tend", ErrorAt("[supervisord]\n[fcgi-program:php]\ncommand=/bin/php\n", 2).Message);

    [Fact]
    public void UnknownSection_IsAWarning() =>
        Assert.Equal("unknown section [extra] is ignored", WarningAt("[supervisord]\n[program:a]\ncommand=/bin/a\n[extra]\nx=1\n", 4).Message);

    [Fact]
    public void MissingSupervisordSection_IsAWarning()
    {
        var result = Load("[program:a]\ncommand=/bin/a\n");
        Assert.Equal("there is no [supervisord] section", SingleAt(result, Severity.Warning, 1).Message);
    }

    [Fact]
    public void NoPrograms_IsAWarning() => Assert.Equal("no programs are defined", WarningAt("[supervisord]\nnodaemon=true\n", 1).Message);
}
