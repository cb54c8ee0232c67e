using System.Text;
using Tend.Supervisord.Backend;
using Tend.Supervisord.Protocol;
using Tend.Supervisord.Rpc;
using Tend.Supervisord.XmlRpc;

namespace Tend.UnitTests.Supervisord;

/// <summary>Every method against the in-memory backend: values, faults and what the backend was asked.</summary>
public class DispatcherTests
{
    internal const long Now = 1795905653;

    /// <summary>The processes of the wire captures: g:worker_00/01 and sleeper/talker running, oneshot exited.</summary>
    internal static FakeBackend Sample()
    {
        var b = new FakeBackend()
            .Add("oneshot", "oneshot", ProcessState.Exited, start: 1795905638, stop: 1795905638, stdout: "/tmp/abc/oneshot.out")
            .Add("sleeper", "sleeper", ProcessState.Running, pid: 9675, start: 1795905651, stop: 1795905651, stdout: "/tmp/abc/sleeper.out", stderr: "/tmp/abc/sleeper.err")
            .Add("talker", "talker", ProcessState.Running, pid: 9562, start: 1795905640, stdout: "/tmp/abc/talker.out.log", stderr: "/tmp/abc/talker.err.log")
            .Add("g", "worker_00", ProcessState.Running, pid: 9558, start: 1795905651)
            .Add("g", "worker_01", ProcessState.Running, pid: 9559, start: 1795905651)
            .Add("broken", "broken", ProcessState.Fatal, start: 1795905600, stop: 1795905601, spawnErr: "can't find command '/no/such'");
        b.Logs[LogTarget.Main] = Encoding.UTF8.GetBytes("2026-11-28 22:40:45,100 INFO success: sleeper entered RUNNING state, process has stayed up for > than 1 seconds (startsecs)\n");
        b.Logs[LogTarget.Of(new ProcessRef("talker", "talker"), LogChannel.Stdout)] = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(1, 300).Select(i => $"line {i}\n")));
        b.Logs[LogTarget.Of(new ProcessRef("talker", "talker"), LogChannel.Stderr)] = Encoding.UTF8.GetBytes("err 1\nerr 2\n");
        b.ConfiguredGroups.Add("newbie");
        b.Reload = new ReloadOutcome(["newbie"], ["sleeper"], ["oneshot"]);
        return b;
    }

    internal static List<(string Method, XmlRpcValue[] Params)> OneCallOfEachMethod() =>
    [
        ("system.listMethods", []), ("system.methodHelp", ["supervisor.getPID"]), ("system.methodSignature", ["supervisor.startProcess"]),
        ("system.multicall", [new XmlRpcArray(
            new XmlRpcStructBuilder().Add("methodName", "supervisor.getAPIVersion").Add("params", new XmlRpcArray()).Build(),
            new XmlRpcStructBuilder().Add("methodName", "supervisor.getProcessInfo").Add("params", new XmlRpcArray("nosuch")).Build())]),
        ("supervisor.getAPIVersion", []), ("supervisor.getVersion", []), ("supervisor.getSupervisorVersion", []), ("supervisor.getIdentification", []),
        ("supervisor.getState", []), ("supervisor.getPID", []), ("supervisor.readLog", [-1600, 0]), ("supervisor.readMainLog", [0, 10]),
        ("supervisor.getProcessInfo", ["sleeper"]), ("supervisor.getAllProcessInfo", []),
        ("supervisor.startProcess", ["sleeper"]), ("supervisor.startProcess", ["oneshot"]), ("supervisor.startProcessGroup", ["g", false]),
        ("supervisor.stopProcess", ["talker"]), ("supervisor.stopProcessGroup", ["g"]), ("supervisor.startAllProcesses", [true]),
        ("supervisor.stopAllProcesses", []), ("supervisor.signalProcess", ["sleeper", "HUP"]), ("supervisor.signalProcessGroup", ["g", "USR1"]),
        ("supervisor.signalAllProcesses", [9]), ("supervisor.sendProcessStdin", ["sleeper", "hello\n"]), ("supervisor.sendRemoteCommEvent", ["t", "d"]),
        ("supervisor.readProcessStdoutLog", ["talker", -100, 0]), ("supervisor.readProcessLog", ["talker", 0, 7]), ("supervisor.readProcessStderrLog", ["talker", 0, 0]),
        ("supervisor.tailProcessStdoutLog", ["talker", 0, 20]), ("supervisor.tailProcessLog", ["oneshot", 0, 20]), ("supervisor.tailProcessStderrLog", ["talker", 0, 100]),
        ("supervisor.clearProcessLogs", ["talker"]), ("supervisor.clearProcessLog", ["talker"]), ("supervisor.clearAllProcessLogs", []), ("supervisor.clearLog", []),
        ("supervisor.reloadConfig", []), ("supervisor.removeProcessGroup", ["oneshot"]), ("supervisor.addProcessGroup", ["newbie"]),
        ("supervisor.nosuch", []), ("supervisor.getAllConfigInfo", []),
        ("supervisor.restart", []), ("supervisor.shutdown", []),
    ];

    private readonly FakeBackend _backend = Sample();

    private SupervisordRpc Rpc => new(_backend, new FixedTime(Now));

    private XmlRpcValue Value(string method, params XmlRpcValue[] args)
    {
        var reply = Rpc.Handle(method, args);
        Assert.True(reply.Fault is null, $"{method}: fault {reply.Fault}");
        return reply.Value!;
    }

    private RpcFault Fault(string method, params XmlRpcValue[] args)
    {
        var reply = Rpc.Handle(method, args);
        Assert.True(reply.Fault is not null, $"{method}: expected a fault, got {reply.Value}");
        return reply.Fault!;
    }

    private static string Str(XmlRpcValue v) => Assert.IsType<XmlRpcString>(v).Value;

    private static IReadOnlyList<XmlRpcValue> Items(XmlRpcValue v) => Assert.IsType<XmlRpcArray>(v).Items;

    private static XmlRpcStruct St(XmlRpcValue v) => Assert.IsType<XmlRpcStruct>(v);

    /// <summary>Group results as "namespec:status:description" lines.</summary>
    private static string[] Results(XmlRpcValue v) => Items(v).Select(St).Select(s =>
        $"{Namespec.Make(Str(s.Get("group")!), Str(s.Get("name")!))}:{((XmlRpcInt)s.Get("status")!).Value}:{Str(s.Get("description")!)}").ToArray();

    [Fact]
    public void EveryMethod_AnswersWithoutThrowing()
    {
        foreach (var (method, args) in OneCallOfEachMethod())
        {
            var reply = Rpc.Handle(method, args);
            Assert.True(reply.Value is not null ^ reply.Fault is not null, method);
        }
    }

    [Fact]
    public void Versions_Identification_Pid()
    {
        Assert.Equal("3.0", Str(Value("supervisor.getVersion")));
        Assert.Equal("3.0", Str(Value("supervisor.getAPIVersion")));
        Assert.Equal("4.2.5", Str(Value("supervisor.getSupervisorVersion")));
        Assert.Equal("supervisor", Str(Value("supervisor.getIdentification")));
        Assert.Equal(9557, ((XmlRpcInt)Value("supervisor.getPID")).Value);
        var state = St(Value("supervisor.getState"));
        Assert.Equal((1, "RUNNING"), (((XmlRpcInt)state.Get("statecode")!).Value, Str(state.Get("statename")!)));
    }

    [Theory]
    [InlineData("supervisor.getVersion")]
    [InlineData("supervisor.getAllProcessInfo")]
    [InlineData("supervisor.startProcess", "sleeper")]
    public void SupervisorMethods_WhileShuttingDown_FaultShutdownState(string method, params string[] args)
    {
        _backend.State = SupervisorState.Shutdown;
        var f = Fault(method, args.Select(a => (XmlRpcValue)a).ToArray());
        Assert.Equal((6, "SHUTDOWN_STATE"), (f.Code, f.Text));
        Assert.Empty(_backend.Calls);
        Assert.IsType<XmlRpcArray>(Value("system.listMethods"));
    }

    [Theory]
    [InlineData("supervisor.nosuch", 1, "UNKNOWN_METHOD")]
    [InlineData("nosuch.getPID", 1, "UNKNOWN_METHOD")]
    [InlineData("supervisor._update", 1, "UNKNOWN_METHOD")]
    [InlineData("supervisor.getPID.x", 1, "UNKNOWN_METHOD")]
    [InlineData("supervisor.getProcessInfo", 2, "INCORRECT_PARAMETERS")]
    public void UnknownMethodOrWrongArity_Faults(string method, int code, string text)
    {
        var f = Fault(method);
        Assert.Equal((code, text), (f.Code, f.Text));
    }

    [Fact]
    public void WrongParameterTypesOrCount_FaultIncorrectParameters()
    {
        Assert.Equal("INCORRECT_PARAMETERS", Fault("supervisor.getProcessInfo", 5).Text);
        Assert.Equal("INCORRECT_PARAMETERS", Fault("supervisor.getPID", 1).Text);
        Assert.Equal("INCORRECT_PARAMETERS", Fault("supervisor.startProcess", "sleeper", "yes").Text);
        Assert.Equal("INCORRECT_PARAMETERS", Fault("supervisor.readLog", "x", 0).Text);
        Assert.Equal("INCORRECT_PARAMETERS", Fault("supervisor.sendProcessStdin", "sleeper", 5).Text);
    }

    [Fact]
    public void ListMethods_IsSortedAndEveryEntryHasHelpAndSignature()
    {
        var names = Items(Value("system.listMethods")).Select(Str).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.Contains("supervisor.getVersion", names);
        Assert.Contains("system.multicall", names);
        Assert.Contains("supervisor.getAllConfigInfo", names);
        foreach (var n in names)
        {
            Assert.NotEmpty(Str(Value("system.methodHelp", n)));
            Assert.NotEmpty(Items(Value("system.methodSignature", n)));
        }
        Assert.Equal(["boolean", "string", "boolean"], Items(Value("system.methodSignature", "supervisor.startProcess")).Select(Str));
        Assert.Equal("SIGNATURE_UNSUPPORTED", Fault("system.methodHelp", "x.y").Text);
        Assert.Equal("SIGNATURE_UNSUPPORTED", Fault("system.methodSignature", "x.y").Text);
    }

    [Fact]
    public void Multicall_ReturnsBareValuesAndFaultStructs_AsSupervisordDoes()
    {
        XmlRpcValue Call(string name, params XmlRpcValue[] ps) => new XmlRpcStructBuilder().Add("methodName", name).Add("params", new XmlRpcArray(ps)).Build();
        var results = Items(Value("system.multicall", new XmlRpcArray(
            Call("supervisor.getAPIVersion"),
            Call("supervisor.getProcessInfo", "nosuch"),
            Call("system.multicall", new XmlRpcArray()),
            new XmlRpcStructBuilder().Add("params", new XmlRpcArray()).Build(),
            Call("supervisor.stopProcess", "sleeper"))));
        Assert.Equal("3.0", Str(results[0]));
        Assert.Equal("{6661756c74436f6465=i:10,6661756c74537472696e67=s:" + Hex("BAD_NAME: nosuch") + "}", PythonXmlRpc.Canon(results[1]));
        Assert.Equal("INCORRECT_PARAMETERS: Recursive system.multicall forbidden", Str(St(results[2]).Get("faultString")!));
        Assert.Equal("INCORRECT_PARAMETERS: No methodName", Str(St(results[3]).Get("faultString")!));
        Assert.Equal(XmlRpcBool.True, results[4]);
        Assert.Equal(["stop sleeper wait=True"], _backend.Calls);
        Assert.Equal("INCORRECT_PARAMETERS", Fault("system.multicall", "x").Text);
    }

    /// <summary>Issue 16 item 6: each read is bounded, so the attack is many of them in one multicall.</summary>
    [Fact]
    public void Multicall_WhoseResultsPassTheReplyBound_IsAFault_AndStopsReading()
    {
        var talker = LogTarget.Of(new ProcessRef("talker", "talker"), LogChannel.Stdout);
        _backend.Logs[talker] = Encoding.UTF8.GetBytes(new string('<', 10_000));
        var rpc = new SupervisordRpc(_backend, new FixedTime(Now), new SupervisordRpcOptions { MaxLogReadBytes = 10_000, MaxReplyBytes = 100_000 });
        XmlRpcValue Read() => new XmlRpcStructBuilder().Add("methodName", "supervisor.readProcessStdoutLog").Add("params", new XmlRpcArray("talker", 0, 0)).Build();

        var two = rpc.Handle("system.multicall", [new XmlRpcArray(Read(), Read())]);
        Assert.Null(two.Fault); // 2 x 40 KB escaped: within the bound
        var readsBefore = _backend.LogReads;
        var many = rpc.Handle("system.multicall", [new XmlRpcArray(Enumerable.Range(0, 150).Select(_ => Read()).ToArray())]);
        Assert.Equal(Faults.Failed, many.Fault!.Code);
        Assert.Contains("larger than 100000 bytes", many.Fault.Text);
        Assert.True(_backend.LogReads - readsBefore <= 3, $"{_backend.LogReads - readsBefore} reads: the multicall did not stop at the bound");
    }

    [Fact]
    public void OneReply_PastTheBound_IsAFault()
    {
        var rpc = new SupervisordRpc(_backend, new FixedTime(Now), new SupervisordRpcOptions { MaxReplyBytes = 500 });
        Assert.Contains("larger than 500 bytes", rpc.Handle("supervisor.getAllProcessInfo", []).Fault!.Text);
        Assert.Null(rpc.Handle("supervisor.getState", []).Fault);
    }

    /// <summary>Issue 16 item 9: /logtail resolves names through this, exactly as the methods do.</summary>
    [Theory]
    [InlineData("sleeper", "sleeper")]
    [InlineData("g:worker_00", "worker_00")]
    [InlineData("g:sleeper", null)]
    [InlineData("sleeper:worker_00", null)]
    [InlineData("worker_00", null)]
    [InlineData("g:*", null)]
    [InlineData("nosuch", null)]
    public void FindProcess_ResolvesAsTheMethodsDo(string spec, string? name) => Assert.Equal(name, Rpc.FindProcess(spec)?.Name);

    private static string Hex(string s) => Convert.ToHexStringLower(Encoding.UTF8.GetBytes(s));

    [Fact]
    public void GetProcessInfo_HasSupervisordsFourteenMembersInOrder()
    {
        var info = St(Value("supervisor.getProcessInfo", "sleeper"));
        Assert.Equal(["name", "group", "start", "stop", "now", "state", "statename", "spawnerr", "exitstatus", "logfile", "stdout_logfile", "stderr_logfile", "pid", "description"],
            info.Members.Select(m => m.Key));
        Assert.Equal("pid 9675, uptime 0:00:02", Str(info.Get("description")!));
        Assert.Equal((int)Now, ((XmlRpcInt)info.Get("now")!).Value);
        Assert.Equal("/tmp/abc/sleeper.out", Str(info.Get("logfile")!));
        Assert.Equal("can't find command '/no/such'", Str(St(Value("supervisor.getProcessInfo", "broken")).Get("description")!));
        Assert.Equal("Nov 28 10:40 PM", Str(St(Value("supervisor.getProcessInfo", "oneshot")).Get("description")!));
        Assert.Equal(9558, ((XmlRpcInt)St(Value("supervisor.getProcessInfo", "g:worker_00")).Get("pid")!).Value);
    }

    [Theory]
    [InlineData("nosuch", "BAD_NAME: nosuch")]
    [InlineData("g", "BAD_NAME: g")]
    [InlineData("g:*", "BAD_NAME: g:*")]
    [InlineData("g:nosuch", "BAD_NAME: g:nosuch")]
    [InlineData("worker_00", "BAD_NAME: worker_00")]
    public void GetProcessInfo_NameThatIsNotAProcess_FaultsBadName(string spec, string text)
    {
        var f = Fault("supervisor.getProcessInfo", spec);
        Assert.Equal((10, text), (f.Code, f.Text));
    }

    [Fact]
    public void GetAllProcessInfo_IsInLexicalOrderOfGroupThenName() =>
        Assert.Equal(["broken", "g:worker_00", "g:worker_01", "oneshot", "sleeper", "talker"],
            Items(Value("supervisor.getAllProcessInfo")).Select(St).Select(s => Namespec.Make(Str(s.Get("group")!), Str(s.Get("name")!))));

    [Fact]
    public void StartProcess_Stopped_StartsAndWaitsByDefault()
    {
        Assert.Equal(XmlRpcBool.True, Value("supervisor.startProcess", "oneshot"));
        Assert.Equal(["start oneshot wait=True"], _backend.Calls);
        Assert.Equal(XmlRpcBool.True, Value("supervisor.startProcess", "broken", false));
        Assert.Equal("start broken wait=False", _backend.Calls[1]);
    }

    [Fact]
    public void StartProcess_Running_FaultsAlreadyStarted_WithTheNameAsGiven()
    {
        Assert.Equal((60, "ALREADY_STARTED: sleeper"), (Fault("supervisor.startProcess", "sleeper").Code, Fault("supervisor.startProcess", "sleeper").Text));
        Assert.Equal("ALREADY_STARTED: g:worker_00", Fault("supervisor.startProcess", "g:worker_00").Text);
        Assert.Empty(_backend.Calls);
    }

    [Theory]
    [InlineData(Faults.SpawnError, null, "SPAWN_ERROR: oneshot")]
    [InlineData(Faults.AbnormalTermination, null, "ABNORMAL_TERMINATION: oneshot")]
    [InlineData(Faults.NoFile, "can't find command '/x'", "NO_FILE: can't find command '/x'")]
    [InlineData(Faults.NotExecutable, "command at '/etc' is a directory", "NOT_EXECUTABLE: command at '/etc' is a directory")]
    public void StartProcess_BackendFailure_BecomesTheFault(int code, string? detail, string text)
    {
        _backend.StartAnswers[new ProcessRef("oneshot", "oneshot")] = BackendResult.Fail(code, detail);
        var f = Fault("supervisor.startProcess", "oneshot");
        Assert.Equal((code, text), (f.Code, f.Text));
    }

    [Fact]
    public void StartProcess_UnknownState_FaultsFailed()
    {
        _backend.Procs[0] = _backend.Procs[0] with { State = ProcessState.Unknown };
        Assert.Equal("FAILED: oneshot is in an unknown process state", Fault("supervisor.startProcess", "oneshot").Text);
    }

    [Fact]
    public void StartProcess_GroupStar_StartsTheGroup_ReturningResults()
    {
        _backend.Procs[3] = _backend.Procs[3] with { State = ProcessState.Stopped, Pid = 0 };
        Assert.Equal(["g:worker_00:80:OK"], Results(Value("supervisor.startProcess", "g:*")));
        Assert.Equal(["start worker_00 wait=True"], _backend.Calls);
    }

    [Fact]
    public void StartAllProcesses_OnlyThoseNotRunning_InOneBatch_WithFailuresPerProcess()
    {
        _backend.StartAnswers[new ProcessRef("broken", "broken")] = BackendResult.Fail(Faults.SpawnError);
        Assert.Equal(["oneshot:80:OK", "broken:50:SPAWN_ERROR: broken"], Results(Value("supervisor.startAllProcesses")));
        Assert.Equal(["start oneshot,broken wait=True"], _backend.Calls);
    }

    [Fact]
    public void StopProcess_RunningStops_NotRunningFaults()
    {
        Assert.Equal(XmlRpcBool.True, Value("supervisor.stopProcess", "sleeper"));
        Assert.Equal((70, "NOT_RUNNING: sleeper"), (Fault("supervisor.stopProcess", "sleeper").Code, Fault("supervisor.stopProcess", "sleeper").Text));
        Assert.Equal("NOT_RUNNING: oneshot", Fault("supervisor.stopProcess", "oneshot").Text);
        Assert.Equal(["stop sleeper wait=True"], _backend.Calls);
    }

    [Fact]
    public void StopProcessGroup_LikeTheCapture_ListsEachStoppedProcess()
    {
        Assert.Equal(["g:worker_00:80:OK", "g:worker_01:80:OK"], Results(Value("supervisor.stopProcessGroup", "g")));
        Assert.Empty(Items(Value("supervisor.stopProcessGroup", "g"))); // nothing left running: an empty array, as for oneshot in the capture
        Assert.Equal("BAD_NAME: nosuch", Fault("supervisor.stopProcessGroup", "nosuch").Text);
        Assert.Equal(["g:worker_00:80:OK", "g:worker_01:80:OK"], Results(Value("supervisor.startProcessGroup", "g", false)));
        Assert.Equal("start worker_00,worker_01 wait=False", _backend.Calls[^1]);
    }

    [Fact]
    public void StopAllProcesses_StopsOnlyRunningOnes()
    {
        Assert.Equal(["sleeper:80:OK", "talker:80:OK", "g:worker_00:80:OK", "g:worker_01:80:OK"], Results(Value("supervisor.stopAllProcesses", false)));
        Assert.Equal(["stop sleeper,talker,worker_00,worker_01 wait=False"], _backend.Calls);
    }

    [Fact]
    public void SignalProcess_NameOrNumber_BadSignal_NotRunning()
    {
        Assert.Equal(XmlRpcBool.True, Value("supervisor.signalProcess", "sleeper", "HUP"));
        Assert.Equal(XmlRpcBool.True, Value("supervisor.signalProcess", "sleeper", "sigusr1"));
        Assert.Equal(XmlRpcBool.True, Value("supervisor.signalProcess", "sleeper", 9));
        Assert.Equal(["signal sleeper 1", "signal sleeper 10", "signal sleeper 9"], _backend.Calls);
        Assert.Equal((11, "BAD_SIGNAL: FOO"), (Fault("supervisor.signalProcess", "sleeper", "FOO").Code, Fault("supervisor.signalProcess", "sleeper", "FOO").Text));
        Assert.Equal("NOT_RUNNING: oneshot", Fault("supervisor.signalProcess", "oneshot", "HUP").Text);
        Assert.Equal("BAD_NAME: nosuch", Fault("supervisor.signalProcess", "nosuch", "FOO").Text);
    }

    [Fact]
    public void SignalGroupAndAll_OnlySignallable_BadSignalReportedPerProcess()
    {
        Assert.Equal(["g:worker_00:80:OK", "g:worker_01:80:OK"], Results(Value("supervisor.signalProcess", "g:*", "TERM")));
        Assert.Equal(["g:worker_00:11:BAD_SIGNAL: NOPE", "g:worker_01:11:BAD_SIGNAL: NOPE"], Results(Value("supervisor.signalProcessGroup", "g", "NOPE")));
        Assert.Equal(4, Results(Value("supervisor.signalAllProcesses", "HUP")).Length);
    }

    [Fact]
    public void SendProcessStdin_WritesUtf8_OrFaults()
    {
        Assert.Equal(XmlRpcBool.True, Value("supervisor.sendProcessStdin", "sleeper", "héllo\n"));
        Assert.Equal("stdin sleeper héllo\n", _backend.Calls.Single());
        Assert.Equal("NOT_RUNNING: oneshot", Fault("supervisor.sendProcessStdin", "oneshot", "x").Text);
        Assert.Equal("BAD_NAME: nosuch", Fault("supervisor.sendProcessStdin", "nosuch", "x").Text);
    }

    [Fact]
    public void SendRemoteCommEvent_Unsupported_IsAnHonestFault() =>
        Assert.Equal("FAILED: event listeners are not supported", Fault("supervisor.sendRemoteCommEvent", "type", "data").Text);

    [Fact]
    public void ReadLogs_NegativeOffsetIsATail_ErrorsAsSupervisord()
    {
        Assert.Equal("line 300\n", Str(Value("supervisor.readProcessStdoutLog", "talker", -9, 0)));
        Assert.Equal("line 1\nline 2\n", Str(Value("supervisor.readProcessLog", "talker", 0, 14)));
        Assert.Equal("err 1\nerr 2\n", Str(Value("supervisor.readProcessStderrLog", "talker", 0, 0)));
        Assert.Equal("err 2\n", Str(Value("supervisor.readProcessStderrLog", "talker", "6", "0")));
        Assert.Equal((3, "BAD_ARGUMENTS"), (Fault("supervisor.readProcessStdoutLog", "talker", -10, 5).Code, Fault("supervisor.readProcessStdoutLog", "talker", -10, 5).Text));
        Assert.Equal("BAD_ARGUMENTS", Fault("supervisor.readProcessStdoutLog", "talker", 0, -5).Text);
        Assert.Equal("NO_FILE: /tmp/abc/oneshot.out", Fault("supervisor.readProcessStdoutLog", "oneshot", 0, 0).Text);
        Assert.Equal("NO_FILE: None", Fault("supervisor.readProcessStderrLog", "oneshot", 0, 0).Text);
        Assert.Equal("BAD_NAME: g:*", Fault("supervisor.readProcessStdoutLog", "g:*", 0, 0).Text);
        Assert.StartsWith("2026-11-28 22:40:45,100 INFO success", Str(Value("supervisor.readLog", -1600, 0)));
        Assert.Equal("2026", Str(Value("supervisor.readMainLog", 0, 4)));
    }

    [Fact]
    public void TailProcessLog_ReturnsBytesNextOffsetAndOverflow()
    {
        var size = _backend.Logs[LogTarget.Of(new ProcessRef("talker", "talker"), LogChannel.Stdout)].Length;
        var t = Items(Value("supervisor.tailProcessStdoutLog", "talker", 0, 9));
        Assert.Equal(("line 300\n", size, true), (Str(t[0]), ((XmlRpcInt)t[1]).Value, ((XmlRpcBool)t[2]).Value));
        t = Items(Value("supervisor.tailProcessStdoutLog", "talker", size, 100));
        Assert.Equal(("", size, false), (Str(t[0]), ((XmlRpcInt)t[1]).Value, ((XmlRpcBool)t[2]).Value));
        t = Items(Value("supervisor.tailProcessLog", "oneshot", 0, 100));
        Assert.Equal("[s:,i:0,b:0]", PythonXmlRpc.Canon(new XmlRpcArray(t)));
    }

    [Fact]
    public void ClearLogs()
    {
        Assert.Equal(XmlRpcBool.True, Value("supervisor.clearProcessLogs", "talker"));
        Assert.Equal("", Str(Value("supervisor.readProcessStdoutLog", "talker", 0, 0)));
        Assert.Equal(6, Results(Value("supervisor.clearAllProcessLogs")).Length);
        Assert.Equal(XmlRpcBool.True, Value("supervisor.clearLog"));
        _backend.Logs.Remove(LogTarget.Main);
        Assert.Equal((20, "NO_FILE"), (Fault("supervisor.clearLog").Code, Fault("supervisor.clearLog").Text));
        Assert.Equal("NO_FILE", Fault("supervisor.readLog", 0, 0).Text);
    }

    [Fact]
    public void ReloadConfig_IsWrappedOnceMore_AndCantRereadIsAFault()
    {
        Assert.Equal("[[[s:" + Hex("newbie") + "],[s:" + Hex("sleeper") + "],[s:" + Hex("oneshot") + "]]]", PythonXmlRpc.Canon(Value("supervisor.reloadConfig")));
        _backend.Reload = ReloadOutcome.Failed("File contains no section headers.");
        Assert.Equal((92, "CANT_REREAD: File contains no section headers."), (Fault("supervisor.reloadConfig").Code, Fault("supervisor.reloadConfig").Text));
    }

    [Fact]
    public void AddAndRemoveProcessGroup()
    {
        Assert.Equal("STILL_RUNNING: sleeper", Fault("supervisor.removeProcessGroup", "sleeper").Text);
        Assert.Equal("BAD_NAME: nosuch", Fault("supervisor.removeProcessGroup", "nosuch").Text);
        Assert.Equal(XmlRpcBool.True, Value("supervisor.removeProcessGroup", "oneshot"));
        Assert.Equal(XmlRpcBool.True, Value("supervisor.addProcessGroup", "newbie"));
        Assert.Equal("ALREADY_ADDED: newbie", Fault("supervisor.addProcessGroup", "newbie").Text);
        Assert.Equal("BAD_NAME: other", Fault("supervisor.addProcessGroup", "other").Text);
    }

    [Fact]
    public void ShutdownAndRestart_ChangeTheStateThenRefuseCalls()
    {
        Assert.Equal(XmlRpcBool.True, Value("supervisor.restart"));
        Assert.Equal("SHUTDOWN_STATE", Fault("supervisor.getState").Text);
        _backend.State = SupervisorState.Running;
        Assert.Equal(XmlRpcBool.True, Value("supervisor.shutdown"));
        Assert.Equal(SupervisorState.Shutdown, _backend.State);
        Assert.Equal("SHUTDOWN_STATE", Fault("supervisor.shutdown").Text);
    }

    [Fact]
    public void GetAllConfigInfo_SendsSupervisordsFields_NoneForUnset()
    {
        var backend = new FakeBackend();
        backend.ConfigList.Add(new ProcessConfig("web", "web", true, true, "unexpected", 999, 999, "nginx -g daemon off;", null, null,
            [0, 2], false, false, true, 3, 1, 15, 10, "/var/log/web.log", 1024, 2, null, 0, 0, "unix:///run/s.sock"));
        var rpc = new SupervisordRpc(backend, new FixedTime(Now));
        var info = (XmlRpcStruct)((XmlRpcArray)rpc.Handle("supervisor.getAllConfigInfo", []).Value!).Items[0];
        var m = info.Members.ToDictionary(kv => kv.Key, kv => kv.Value);
        Assert.Equal(new XmlRpcString("web"), m["name"]);
        Assert.Equal(new XmlRpcBool(true), m["inuse"]);
        Assert.Equal(new XmlRpcInt(999), m["process_prio"]);
        Assert.Equal(new XmlRpcString("none"), m["directory"]);
        Assert.Equal(new XmlRpcString("none"), m["stderr_logfile"]);
        Assert.Equal(new XmlRpcString("unexpected"), m["autorestart"]);
        Assert.Equal("autostart", info.Members[0].Key);
    }

    [Fact]
    public void BackendException_BecomesAFailedFault()
    {
        var rpc = new SupervisordRpc(new ThrowingBackend(), new FixedTime(Now));
        var reply = rpc.Handle("supervisor.getAllProcessInfo", []);
        Assert.Equal((30, "FAILED: boom"), (reply.Fault!.Code, reply.Fault.Text));
    }

    private sealed class ThrowingBackend : ISupervisordBackend
    {
        public string Identification => "supervisor";
        public string Version => "x";
        public int Pid => 1;
        public SupervisorState State => SupervisorState.Running;
        public IReadOnlyList<ProcessSnapshot> Processes() => throw new InvalidOperationException("boom");
        public IReadOnlyList<ProcessConfig> Configs() => throw new NotSupportedException();
        public IReadOnlyList<BackendResult> Start(IReadOnlyList<ProcessRef> processes, bool wait) => throw new NotSupportedException();
        public IReadOnlyList<BackendResult> Stop(IReadOnlyList<ProcessRef> processes, bool wait) => throw new NotSupportedException();
        public BackendResult Signal(ProcessRef process, int signal) => throw new NotSupportedException();
        public BackendResult SendStdin(ProcessRef process, byte[] data) => throw new NotSupportedException();
        public BackendResult SendRemoteCommEvent(string type, string data) => throw new NotSupportedException();
        public LogExtent? GetLogExtent(LogTarget log) => throw new NotSupportedException();
        public byte[] ReadLog(LogTarget log, long offset, int count) => throw new NotSupportedException();
        public BackendResult ClearMainLog() => throw new NotSupportedException();
        public BackendResult ClearProcessLogs(ProcessRef process) => throw new NotSupportedException();
        public ReloadOutcome ReloadConfig() => throw new NotSupportedException();
        public BackendResult AddProcessGroup(string name) => throw new NotSupportedException();
        public BackendResult RemoveProcessGroup(string name) => throw new NotSupportedException();
        public BackendResult Shutdown() => throw new NotSupportedException();
        public BackendResult Restart() => throw new NotSupportedException();
    }
}
