using Tend.Supervisord.Backend;
using Tend.Supervisord.Http;
using Tend.Supervisord.Protocol;

namespace Tend.UnitTests.Supervisord;

/// <summary>supervisord's codes, names, texts and log arithmetic, and the Basic auth check.</summary>
public class ProtocolTests
{
    [Theory]
    [InlineData(ProcessState.Stopped, 0, "STOPPED")]
    [InlineData(ProcessState.Starting, 10, "STARTING")]
    [InlineData(ProcessState.Running, 20, "RUNNING")]
    [InlineData(ProcessState.Backoff, 30, "BACKOFF")]
    [InlineData(ProcessState.Stopping, 40, "STOPPING")]
    [InlineData(ProcessState.Exited, 100, "EXITED")]
    [InlineData(ProcessState.Fatal, 200, "FATAL")]
    [InlineData(ProcessState.Unknown, 1000, "UNKNOWN")]
    public void ProcessState_CodeAndName(ProcessState s, int code, string name) => Assert.Equal((code, name), ((int)s, ProcessStates.Name(s)));

    [Fact]
    public void ProcessState_Groups_AreSupervisords()
    {
        var all = Enum.GetValues<ProcessState>();
        Assert.Equal([ProcessState.Starting, ProcessState.Running, ProcessState.Backoff], all.Where(ProcessStates.IsRunning));
        Assert.Equal([ProcessState.Stopped, ProcessState.Exited, ProcessState.Fatal, ProcessState.Unknown], all.Where(ProcessStates.IsStopped));
        Assert.Equal([ProcessState.Starting, ProcessState.Running, ProcessState.Stopping], all.Where(ProcessStates.IsSignallable));
    }

    [Theory]
    [InlineData(SupervisorState.Fatal, 2, "FATAL", false)]
    [InlineData(SupervisorState.Running, 1, "RUNNING", false)]
    [InlineData(SupervisorState.Restarting, 0, "RESTARTING", true)]
    [InlineData(SupervisorState.Shutdown, -1, "SHUTDOWN", true)]
    public void SupervisorState_CodeNameAndRefusal(SupervisorState s, int code, string name, bool refuses) =>
        Assert.Equal((code, name, refuses), ((int)s, SupervisorStates.Name(s), SupervisorStates.RefusesCalls(s)));

    [Theory]
    [InlineData(1, "UNKNOWN_METHOD")] [InlineData(2, "INCORRECT_PARAMETERS")] [InlineData(3, "BAD_ARGUMENTS")]
    [InlineData(4, "SIGNATURE_UNSUPPORTED")] [InlineData(6, "SHUTDOWN_STATE")] [InlineData(10, "BAD_NAME")]
    [InlineData(11, "BAD_SIGNAL")] [InlineData(20, "NO_FILE")] [InlineData(21, "NOT_EXECUTABLE")] [InlineData(30, "FAILED")]
    [InlineData(40, "ABNORMAL_TERMINATION")] [InlineData(50, "SPAWN_ERROR")] [InlineData(60, "ALREADY_STARTED")]
    [InlineData(70, "NOT_RUNNING")] [InlineData(80, "SUCCESS")] [InlineData(90, "ALREADY_ADDED")] [InlineData(91, "STILL_RUNNING")]
    [InlineData(92, "CANT_REREAD")] [InlineData(5, "UNKNOWN")]
    public void Fault_CodeAndName(int code, string name)
    {
        Assert.Equal(name, Faults.Name(code));
        Assert.Equal(name, Faults.Text(code));
        Assert.Equal(name + ": web", Faults.Text(code, "web"));
    }

    [Theory]
    [InlineData("web", "web", "web")]
    [InlineData("g:worker_00", "g", "worker_00")]
    [InlineData("g:*", "g", null)]
    [InlineData("g:", "g", null)]
    [InlineData("g:a:b", "g", "a:b")]
    public void Namespec_Parse(string spec, string group, string? process) => Assert.Equal(new Namespec(group, process), Namespec.Parse(spec));

    [Theory]
    [InlineData(0, "0:00:00")]
    [InlineData(2, "0:00:02")]
    [InlineData(62, "0:01:02")]
    [InlineData(36000, "10:00:00")]
    [InlineData(86399, "23:59:59")]
    [InlineData(86400, "1 day, 0:00:00")]
    [InlineData(2 * 86400 + 3723, "2 days, 1:02:03")]
    [InlineData(-5, "0:00:00")]
    public void Uptime_IsPythonsTimedelta(long seconds, string text) => Assert.Equal(text, ProcessDescription.Uptime(seconds));

    private static ProcessSnapshot P(ProcessState s, int pid = 0, long start = 0, long stop = 0, string err = "") =>
        new("web", "web", s, pid, start, stop, 0, err, "", "");

    [Fact]
    public void Description_ForEveryState()
    {
        var utc = TimeZoneInfo.Utc;
        const long Start = 1795905638; // 2026-11-28 22:40:38 UTC
        Assert.Equal("pid 12, uptime 0:01:02", ProcessDescription.For(P(ProcessState.Running, 12, Start), Start + 62, utc));
        Assert.Equal("Nov 28 10:40 PM", ProcessDescription.For(P(ProcessState.Exited, 0, Start, Start), Start + 5, utc));
        Assert.Equal("Nov 28 10:40 PM", ProcessDescription.For(P(ProcessState.Stopped, 0, Start, Start), Start + 5, utc));
        Assert.Equal("Not started", ProcessDescription.For(P(ProcessState.Stopped), Start, utc));
        Assert.Equal("Not started", ProcessDescription.For(P(ProcessState.Exited), Start, utc));
        Assert.Equal("Exited too quickly (process log may have details)", ProcessDescription.For(P(ProcessState.Backoff, err: "Exited too quickly (process log may have details)"), Start, utc));
        Assert.Equal("unknown error (try \"tail web\")", ProcessDescription.For(P(ProcessState.Fatal), Start, utc));
        Assert.Equal("", ProcessDescription.For(P(ProcessState.Starting, 5, Start), Start, utc));
        Assert.Equal("", ProcessDescription.For(P(ProcessState.Stopping, 5, Start), Start, utc));
        Assert.Equal("", ProcessDescription.For(P(ProcessState.Unknown), Start, utc));
    }

    [Theory]
    [InlineData(1767312300, "Jan 02 12:05 AM")] // 2026-01-02 00:05 UTC
    [InlineData(1767355200, "Jan 02 12:00 PM")] // 2026-01-02 12:00 UTC
    [InlineData(1767391140, "Jan 02 09:59 PM")]
    public void StopTime_TwelveHourClock(long t, string text) => Assert.Equal(text, ProcessDescription.StopTime(t, TimeZoneInfo.Utc));

    [Fact]
    public void StopTime_UsesTheLocalZone()
    {
        var plus2 = TimeZoneInfo.CreateCustomTimeZone("plus2", TimeSpan.FromHours(2), "plus2", "plus2");
        Assert.Equal("Nov 29 12:40 AM", ProcessDescription.StopTime(1795905638, plus2));
    }

    [Theory]
    [InlineData(-1600, 0, 0, 1000)]   // tail, longer than the log
    [InlineData(-100, 0, 900, 100)]
    [InlineData(0, 0, 0, 1000)]       // whole log
    [InlineData(10, 5, 10, 5)]
    [InlineData(995, 100, 995, 5)]
    [InlineData(5000, 0, 1000, 0)]    // past the end
    public void LogWindow_Read(long offset, long length, long from, int count) =>
        Assert.Equal(new LogSpan(from, count), LogWindow.Read(new LogExtent(0, 1000), offset, length, 1 << 20));

    [Fact]
    public void LogWindow_Read_BadArgumentsAndCapAndRing()
    {
        Assert.Null(LogWindow.Read(new LogExtent(0, 1000), -5, 5, 100));
        Assert.Null(LogWindow.Read(new LogExtent(0, 1000), 5, -5, 100));
        Assert.Equal(new LogSpan(0, 100), LogWindow.Read(new LogExtent(0, 1000), 0, 0, 100)); // a forward read stops at the cap
        Assert.Equal(new LogSpan(950, 50), LogWindow.Read(new LogExtent(0, 1000), -1600, 0, 50));
        Assert.Equal(new LogSpan(400, 100), LogWindow.Read(new LogExtent(400, 1000), 0, 500, 1 << 20));
    }

    [Theory]
    [InlineData(0, 100, 900, 100, true)]     // log grew past offset+length: the last length bytes, overflow
    [InlineData(950, 100, 900, 100, false)]
    [InlineData(1000, 100, 1000, 0, false)]  // at the end: nothing new
    [InlineData(0, 2000, 0, 1000, false)]
    public void LogWindow_Tail_IsSupervisordsTailFile(long offset, long length, long from, int count, bool overflow)
    {
        var (span, next, over) = LogWindow.Tail(new LogExtent(0, 1000), offset, length, 1 << 20);
        Assert.Equal((new LogSpan(from, count), 1000L, overflow), (span, next, over));
    }

    [Fact]
    public void BasicAuth_PlainPassword()
    {
        var auth = new BasicAuth("alice", "s3cret");
        Assert.True(auth.Required);
        Assert.True(auth.IsAccepted("Basic YWxpY2U6czNjcmV0")); // the captured header
        Assert.True(auth.IsAccepted("basic YWxpY2U6czNjcmV0"));
        Assert.False(auth.IsAccepted("Basic YWxpY2U6d3Jvbmc=")); // alice:wrong, captured
        Assert.False(auth.IsAccepted(null));
        Assert.False(auth.IsAccepted("Basic !!!"));
        Assert.False(auth.IsAccepted("Bearer YWxpY2U6czNjcmV0"));
        Assert.False(auth.IsAccepted("Basic " + Convert.ToBase64String("alice"u8.ToArray())));
        Assert.False(auth.IsAccepted("Basic " + Convert.ToBase64String("bob:s3cret"u8.ToArray())));
    }

    [Fact]
    public void BasicAuth_ShaPassword()
    {
        var hex = Convert.ToHexStringLower(System.Security.Cryptography.SHA1.HashData("s3cret"u8));
        var auth = new BasicAuth("alice", "{SHA}" + hex);
        Assert.True(auth.IsAccepted("Basic YWxpY2U6czNjcmV0"));
        Assert.False(auth.IsAccepted("Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("alice:{SHA}" + hex))));
        Assert.False(new BasicAuth("alice", "{SHA}nothex").IsAccepted("Basic YWxpY2U6czNjcmV0"));
    }

    [Fact]
    public void BasicAuth_NoUsername_AcceptsEverything()
    {
        var auth = new BasicAuth(null, null);
        Assert.False(auth.Required);
        Assert.True(auth.IsAccepted(null));
    }
}
