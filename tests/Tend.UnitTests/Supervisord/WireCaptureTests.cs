using System.Text;
using Tend.Supervisord.Backend;
using Tend.Supervisord.Http;
using Tend.Supervisord.Protocol;
using Tend.Supervisord.Rpc;
using Tend.Supervisord.XmlRpc;

namespace Tend.UnitTests.Supervisord;

/// <summary>
/// Request and reply bodies recorded between the real supervisorctl and supervisord 4.2.5
/// (docs: wire captures, part 1). Bodies are written as in the captures, with ⏎ for a folded LF;
/// every reply here must come out byte for byte, Content-Length included.
/// </summary>
public class WireCaptureTests
{
    private static byte[] Capture(string folded) => Encoding.UTF8.GetBytes(folded.Replace("⏎", "\n").Replace("\r\n", "\n"));

    private static readonly FakeBackend Backend = DispatcherTests.Sample();

    private static string Reply(string requestFolded, FakeBackend? backend = null)
    {
        var endpoint = new XmlRpcEndpoint(new SupervisordRpc(backend ?? DispatcherTests.Sample(), new FixedTime(DispatcherTests.Now)));
        var reply = endpoint.Handle(Capture(requestFolded));
        Assert.Equal(200, reply.Status);
        Assert.Equal("text/xml", reply.ContentType);
        return Encoding.UTF8.GetString(reply.Body);
    }

    private static void Same(string expectedFolded, int contentLength, string actual)
    {
        var expected = Encoding.UTF8.GetString(Capture(expectedFolded));
        Assert.Equal(expected, actual);
        Assert.Equal(contentLength, Encoding.UTF8.GetByteCount(actual));
    }

    private const string GetVersion = "<?xml version='1.0'?>⏎<methodCall>⏎<methodName>supervisor.getVersion</methodName>⏎<params>⏎</params>⏎</methodCall>⏎";
    private const string TrueReply = "<?xml version='1.0'?>⏎<methodResponse>⏎<params>⏎<param>⏎<value><boolean>1</boolean></value>⏎</param>⏎</params>⏎</methodResponse>⏎";

    private static string OneParam(string method, string name) =>
        $"<?xml version='1.0'?>⏎<methodCall>⏎<methodName>supervisor.{method}</methodName>⏎<params>⏎<param>⏎<value><string>{name}</string></value>⏎</param>⏎</params>⏎</methodCall>⏎";

    [Fact]
    public void Upcheck_GetVersion()
    {
        Assert.Equal(115, Capture(GetVersion).Length);
        Same("<?xml version='1.0'?>⏎<methodResponse>⏎<params>⏎<param>⏎<value><string>3.0</string></value>⏎</param>⏎</params>⏎</methodResponse>⏎", 129, Reply(GetVersion));
    }

    [Fact]
    public void StopProcess_BooleanTrue()
    {
        Assert.Equal(173, Capture(OneParam("stopProcess", "sleeper")).Length);
        Same(TrueReply, 129, Reply(OneParam("stopProcess", "sleeper")));
    }

    [Fact]
    public void StartProcess_AlreadyStarted_Fault() => Same(
        "<?xml version='1.0'?>⏎<methodResponse>⏎<fault>⏎<value><struct>\n<member>⏎<name>faultCode</name>⏎<value><int>60</int></value>⏎</member>\n"
        + "<member>⏎<name>faultString</name>⏎<value><string>ALREADY_STARTED: sleeper</string></value>⏎</member>⏎</struct></value>⏎</fault>⏎</methodResponse>⏎",
        280, Reply(OneParam("startProcess", "sleeper")));

    [Fact]
    public void GetPid() => Same(
        "<?xml version='1.0'?>⏎<methodResponse>⏎<params>⏎<param>⏎<value><int>9557</int></value>⏎</param>⏎</params>⏎</methodResponse>⏎",
        124, Reply("<?xml version='1.0'?>⏎<methodCall>⏎<methodName>supervisor.getPID</methodName>⏎<params>⏎</params>⏎</methodCall>⏎"));

    [Fact]
    public void GetSupervisorVersion() => Same(
        "<?xml version='1.0'?>⏎<methodResponse>⏎<params>⏎<param>⏎<value><string>4.2.5</string></value>⏎</param>⏎</params>⏎</methodResponse>⏎",
        131, Reply("<?xml version='1.0'?>⏎<methodCall>⏎<methodName>supervisor.getSupervisorVersion</methodName>⏎<params>⏎</params>⏎</methodCall>⏎"));

    [Fact]
    public void GetProcessInfo_RunningSleeper_FullStruct()
    {
        // The captured paths had a placeholder of 8 characters; /tmp/abc has 8 too, so the length holds.
        var b = new FakeBackend().Add("sleeper", "sleeper", ProcessState.Running, pid: 9675, start: 1795905651, stop: 1795905651,
            stdout: "/tmp/abc/childlogs/sleeper-stdout---supervisor-98qsvsek.log", stderr: "/tmp/abc/childlogs/sleeper-stderr---supervisor-0n7k8nop.log");
        Same("""
<?xml version='1.0'?>⏎<methodResponse>⏎<params>⏎<param>⏎<value><struct>
<member>⏎<name>name</name>⏎<value><string>sleeper</string></value>⏎</member>
<member>⏎<name>group</name>⏎<value><string>sleeper</string></value>⏎</member>
<member>⏎<name>start</name>⏎<value><int>1795905651</int></value>⏎</member>
<member>⏎<name>stop</name>⏎<value><int>1795905651</int></value>⏎</member>
<member>⏎<name>now</name>⏎<value><int>1795905653</int></value>⏎</member>
<member>⏎<name>state</name>⏎<value><int>20</int></value>⏎</member>
<member>⏎<name>statename</name>⏎<value><string>RUNNING</string></value>⏎</member>
<member>⏎<name>spawnerr</name>⏎<value><string></string></value>⏎</member>
<member>⏎<name>exitstatus</name>⏎<value><int>0</int></value>⏎</member>
<member>⏎<name>logfile</name>⏎<value><string>/tmp/abc/childlogs/sleeper-stdout---supervisor-98qsvsek.log</string></value>⏎</member>
<member>⏎<name>stdout_logfile</name>⏎<value><string>/tmp/abc/childlogs/sleeper-stdout---supervisor-98qsvsek.log</string></value>⏎</member>
<member>⏎<name>stderr_logfile</name>⏎<value><string>/tmp/abc/childlogs/sleeper-stderr---supervisor-0n7k8nop.log</string></value>⏎</member>
<member>⏎<name>pid</name>⏎<value><int>9675</int></value>⏎</member>
<member>⏎<name>description</name>⏎<value><string>pid 9675, uptime 0:00:02</string></value>⏎</member>⏎</struct></value>⏎</param>⏎</params>⏎</methodResponse>⏎
""", 1376, Reply(OneParam("getProcessInfo", "sleeper"), b));
    }

    [Fact]
    public void GetAllProcessInfo_ExitedOneshot_DescriptionIsTheStopTime()
    {
        var b = new FakeBackend().Add("oneshot", "oneshot", ProcessState.Exited, start: 1795905638, stop: 1795905638,
            stdout: "/tmp/abc/childlogs/oneshot-stdout---supervisor-vx5mmo_8.log", stderr: "/tmp/abc/childlogs/oneshot-stderr---supervisor-_372585i.log");
        b.Now = 1795905640;
        var endpoint = new XmlRpcEndpoint(new SupervisordRpc(b, new FixedTime(1795905640)));
        var body = Encoding.UTF8.GetString(endpoint.Handle(Capture("<?xml version='1.0'?>⏎<methodCall>⏎<methodName>supervisor.getAllProcessInfo</methodName>⏎<params>⏎</params>⏎</methodCall>⏎")).Body);
        Assert.Contains(Encoding.UTF8.GetString(Capture("""
<value><struct>
<member>⏎<name>name</name>⏎<value><string>oneshot</string></value>⏎</member>
<member>⏎<name>group</name>⏎<value><string>oneshot</string></value>⏎</member>
<member>⏎<name>start</name>⏎<value><int>1795905638</int></value>⏎</member>
<member>⏎<name>stop</name>⏎<value><int>1795905638</int></value>⏎</member>
<member>⏎<name>now</name>⏎<value><int>1795905640</int></value>⏎</member>
<member>⏎<name>state</name>⏎<value><int>100</int></value>⏎</member>
<member>⏎<name>statename</name>⏎<value><string>EXITED</string></value>⏎</member>
<member>⏎<name>spawnerr</name>⏎<value><string></string></value>⏎</member>
<member>⏎<name>exitstatus</name>⏎<value><int>0</int></value>⏎</member>
<member>⏎<name>logfile</name>⏎<value><string>/tmp/abc/childlogs/oneshot-stdout---supervisor-vx5mmo_8.log</string></value>⏎</member>
<member>⏎<name>stdout_logfile</name>⏎<value><string>/tmp/abc/childlogs/oneshot-stdout---supervisor-vx5mmo_8.log</string></value>⏎</member>
<member>⏎<name>stderr_logfile</name>⏎<value><string>/tmp/abc/childlogs/oneshot-stderr---supervisor-_372585i.log</string></value>⏎</member>
<member>⏎<name>pid</name>⏎<value><int>0</int></value>⏎</member>
<member>⏎<name>description</name>⏎<value><string>Nov 28 10:40 PM</string></value>⏎</member>⏎</struct></value>
""")), body);
    }

    [Fact]
    public void StopProcessGroup_TwoWorkers()
    {
        var b = new FakeBackend().Add("g", "worker_00", ProcessState.Running, pid: 1).Add("g", "worker_01", ProcessState.Running, pid: 2);
        static string Member(string name) =>
            $"<value><struct>\n<member>⏎<name>name</name>⏎<value><string>{name}</string></value>⏎</member>\n<member>⏎<name>group</name>⏎<value><string>g</string></value>⏎</member>\n"
            + "<member>⏎<name>status</name>⏎<value><int>80</int></value>⏎</member>\n<member>⏎<name>description</name>⏎<value><string>OK</string></value>⏎</member>⏎</struct></value>\n";
        Same("<?xml version='1.0'?>⏎<methodResponse>⏎<params>⏎<param>⏎<value><array><data>⏎" + Member("worker_00") + Member("worker_01")
            + "</data></array></value>⏎</param>⏎</params>⏎</methodResponse>⏎", 802, Reply(OneParam("stopProcessGroup", "g"), b));
        Assert.Equal(["stop worker_00,worker_01 wait=True"], b.Calls);
    }

    [Fact]
    public void StopProcessGroup_NothingRunning_EmptyArray() => Same(
        "<?xml version='1.0'?>⏎<methodResponse>⏎<params>⏎<param>⏎<value><array><data>⏎</data></array></value>⏎</param>⏎</params>⏎</methodResponse>⏎",
        138, Reply(OneParam("stopProcessGroup", "oneshot")));

    [Fact]
    public void ReloadConfig_AddedChangedRemoved() => Same(
        "<?xml version='1.0'?>⏎<methodResponse>⏎<params>⏎<param>⏎<value><array><data>⏎<value><array><data>⏎<value><array><data>⏎<value><string>newbie</string></value>⏎</data></array></value>⏎<value><array><data>⏎<value><string>sleeper</string></value>⏎</data></array></value>⏎<value><array><data>⏎<value><string>oneshot</string></value>⏎</data></array></value>⏎</data></array></value>⏎</data></array></value>⏎</param>⏎</params>⏎</methodResponse>⏎",
        437, Reply("<?xml version='1.0'?>⏎<methodCall>⏎<methodName>supervisor.reloadConfig</methodName>⏎<params>⏎</params>⏎</methodCall>⏎"));

    [Fact]
    public void ReadLog_TailOfMainLog_EscapesGreaterThan()
    {
        var b = new FakeBackend();
        b.Logs[LogTarget.Main] = Encoding.UTF8.GetBytes("x\n2026-11-28 22:40:53,130 INFO success: sleeper entered RUNNING state, process has stayed up for > than 1 seconds (startsecs)\n");
        var body = Reply("<?xml version='1.0'?>⏎<methodCall>⏎<methodName>supervisor.readLog</methodName>⏎<params>⏎<param>⏎<value><int>-1600</int></value>⏎</param>⏎<param>⏎<value><int>0</int></value>⏎</param>⏎</params>⏎</methodCall>⏎", b);
        Assert.Contains("process has stayed up for &gt; than 1 seconds (startsecs)\n</string></value>\n</param>", body);
    }

    [Fact]
    public void SignalProcess_NameAsString()
    {
        var request = "<?xml version='1.0'?>⏎<methodCall>⏎<methodName>supervisor.signalProcess</methodName>⏎<params>⏎<param>⏎<value><string>sleeper</string></value>⏎</param>⏎<param>⏎<value><string>HUP</string></value>⏎</param>⏎</params>⏎</methodCall>⏎";
        Assert.Equal(228, Capture(request).Length);
        var b = DispatcherTests.Sample();
        Same(TrueReply, 129, Reply(request, b));
        Assert.Equal(["signal sleeper 1"], b.Calls);
    }

    [Fact]
    public void MalformedBody_Is400WithMedusasPage()
    {
        var endpoint = new XmlRpcEndpoint(new SupervisordRpc(Backend));
        var reply = endpoint.Handle("<methodCall>"u8);
        Assert.Equal((400, "text/html"), (reply.Status, reply.ContentType));
        Assert.Contains("<p>Error code 400.\r\n<p>Message: Bad Request.\r\n", Encoding.ASCII.GetString(reply.Body));
    }

    [Fact]
    public void UnauthorizedPage_Is137Bytes() =>
        Assert.Equal(
            "<head>\r\n<title>Error response</title>\r\n</head>\r\n<body>\r\n<h1>Error response</h1>\r\n<p>Error code 401.\r\n<p>Message: Unauthorized.\r\n</body>\r\n",
            Encoding.ASCII.GetString(ErrorPage.Body(401, "Unauthorized")));
}
