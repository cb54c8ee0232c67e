using System.Threading.Channels;
using Tend.Health;
using Tend.Model;

namespace Tend.UnitTests.Health;

public class ProbeRunnerTests
{
    /// <summary>What the runner's callbacks saw, with when (on the probe clock) and on which thread.</summary>
    private sealed record Seen(ProbeKey Key, ProbeResult Result, long AtMs, string? Thread);

    private sealed class Recorder
    {
        public Channel<Seen> Results { get; } = Channel.CreateUnbounded<Seen>();
        public Channel<Seen> ExecsDue { get; } = Channel.CreateUnbounded<Seen>();
        public Action<ProbeKey, ProbeResult>? AlsoOnResult { get; set; }

        public void OnResult(ProbeKey key, ProbeResult result)
        {
            Results.Writer.TryWrite(new(key, result, ProbeClock.NowMs, System.Threading.Thread.CurrentThread.Name));
            AlsoOnResult?.Invoke(key, result);
        }

        public void OnExecDue(ProbeKey key, ProbeSpec spec) =>
            ExecsDue.Writer.TryWrite(new(key, new(true, string.Join(' ', spec.Command)), ProbeClock.NowMs, System.Threading.Thread.CurrentThread.Name));
    }

    private static async Task<Seen> Next(Channel<Seen> channel, int timeoutMs = 5_000)
    {
        using var cts = new CancellationTokenSource(timeoutMs);
        return await channel.Reader.ReadAsync(cts.Token);
    }

    /// <summary>True when nothing arrives within the window (an event wait with a timeout, not a sleep).</summary>
    private static async Task<bool> NothingWithin(Channel<Seen> channel, int windowMs)
    {
        using var cts = new CancellationTokenSource(windowMs);
        try
        {
            await channel.Reader.WaitToReadAsync(cts.Token);
            return false;
        }
        catch (OperationCanceledException)
        {
            return true;
        }
    }

    private static ProbeSpec Tcp(int port, int intervalMs = 150, int initialDelayMs = 0) => new()
    {
        Kind = ProbeKind.Tcp,
        Address = $"127.0.0.1:{port}",
        Interval = TimeSpan.FromMilliseconds(intervalMs),
        InitialDelay = TimeSpan.FromMilliseconds(initialDelayMs),
        Timeout = TimeSpan.FromSeconds(2),
    };

    [Fact(Timeout = 15_000)]
    public async Task Tcp_ResultsArriveOnSchedule_OnTheRunnerThread()
    {
        using var server = new LoopbackTcpServer();
        var recorder = new Recorder();
        using var runner = new ProbeRunner(recorder.OnResult);
        var key = new ProbeKey("web", ProbeRole.Liveness, 1);
        var started = ProbeClock.NowMs;

        runner.Watch(key, Tcp(server.Port, intervalMs: 200), started);

        var seen = new List<Seen>();
        for (var i = 0; i < 4; i++) seen.Add(await Next(recorder.Results));
        Assert.All(seen, s => Assert.Equal(key, s.Key));
        Assert.All(seen, s => Assert.Equal(new ProbeResult(true, $"connected to 127.0.0.1:{server.Port}"), s.Result));
        Assert.All(seen, s => Assert.Equal("tend-probes", s.Thread));
        // Run k starts 200 ms after run k-1 started, the first at once (no initial delay). A result
        // arrives after its check ran, which takes a little (more for the first: JIT, thread start),
        // so only the starts keep the rhythm: result k cannot come before k * 200 ms.
        for (var k = 0; k < seen.Count; k++)
            Assert.InRange(seen[k].AtMs - started, k * 200 - 2, k * 200 + 1_500);
    }

    [Fact(Timeout = 15_000)]
    public async Task InitialDelay_IsHonoured()
    {
        using var server = new LoopbackTcpServer();
        var recorder = new Recorder();
        using var runner = new ProbeRunner(recorder.OnResult);
        var started = ProbeClock.NowMs;

        runner.Watch(new("db", ProbeRole.Readiness, 1), Tcp(server.Port, intervalMs: 100, initialDelayMs: 500), started);

        var first = await Next(recorder.Results);
        Assert.True(first.Result.Success, first.Result.Detail);
        Assert.InRange(first.AtMs - started, 490, 3_000);
    }

    [Fact(Timeout = 15_000)]
    public async Task Http_ResultsCarryTheStatus()
    {
        using var server = new LoopbackHttpServer("HTTP/1.1 503 Service Unavailable\r\n\r\n");
        var recorder = new Recorder();
        using var runner = new ProbeRunner(recorder.OnResult);
        var key = new ProbeKey("api", ProbeRole.Readiness, 7);
        var spec = new ProbeSpec { Kind = ProbeKind.Http, Url = server.Url("/ready"), Interval = TimeSpan.FromMilliseconds(100) };

        runner.Watch(key, spec, ProbeClock.NowMs);

        for (var i = 0; i < 3; i++)
        {
            var seen = await Next(recorder.Results);
            Assert.Equal(key, seen.Key);
            Assert.Equal(new ProbeResult(false, "HTTP 503"), seen.Result);
        }
        Assert.True(server.Requests >= 3);
    }

    [Fact(Timeout = 15_000)]
    public async Task Exec_IsHandedToTheSupervisor_OneRunAtATime()
    {
        var recorder = new Recorder();
        using var runner = new ProbeRunner(recorder.OnResult, recorder.OnExecDue);
        var key = new ProbeKey("worker", ProbeRole.Liveness, 3);
        var spec = new ProbeSpec { Kind = ProbeKind.Exec, Command = ["check", "--quick"], Interval = TimeSpan.FromMilliseconds(150) };

        runner.Watch(key, spec, ProbeClock.NowMs);

        var first = await Next(recorder.ExecsDue);
        Assert.Equal(key, first.Key);
        Assert.Equal("check --quick", first.Result.Detail);
        Assert.Equal("tend-probes", first.Thread);
        // Not due again while the supervisor is still running it, however long that takes.
        Assert.True(await NothingWithin(recorder.ExecsDue, 600));

        runner.ExecFinished(key with { Generation = 2 }, new(true, "exit 0")); // stale: ignored
        runner.ExecFinished(key, new(true, "exit 0"));

        var second = await Next(recorder.ExecsDue);
        Assert.Equal(key, second.Key);
        Assert.InRange(second.AtMs - first.AtMs, 140, 5_000);
        // Exec results are the supervisor's own: nothing comes back through onResult.
        Assert.True(await NothingWithin(recorder.Results, 100));
    }

    [Fact]
    public void Exec_WithoutTheCallback_IsRefused()
    {
        using var runner = new ProbeRunner((_, _) => { });
        Assert.Throws<InvalidOperationException>(() =>
            runner.Watch(new("x", ProbeRole.Liveness, 1), new ProbeSpec { Kind = ProbeKind.Exec, Command = ["true"] }, 0));
    }

    [Fact(Timeout = 15_000)]
    public async Task Unwatch_StopsTheProgramsProbes()
    {
        using var server = new LoopbackTcpServer();
        var recorder = new Recorder();
        using var runner = new ProbeRunner(recorder.OnResult);
        var count = 0;
        // Unwatch from the callback itself: no result of this program can be on its way any more.
        recorder.AlsoOnResult = (key, _) => { if (++count == 2) runner.Unwatch(key.Program); };
        var spec = Tcp(server.Port, intervalMs: 100);

        runner.Watch(new("web", ProbeRole.Liveness, 1), spec, ProbeClock.NowMs);

        await Next(recorder.Results);
        await Next(recorder.Results);
        Assert.True(await NothingWithin(recorder.Results, 600));
    }

    [Fact(Timeout = 15_000)]
    public async Task Watch_AgainWithANewGeneration_ReplacesTheOldOne()
    {
        using var server = new LoopbackTcpServer();
        var recorder = new Recorder();
        using var runner = new ProbeRunner(recorder.OnResult);
        var spec = Tcp(server.Port, intervalMs: 100);
        var first = new ProbeKey("web", ProbeRole.Readiness, 1);
        recorder.AlsoOnResult = (key, _) => { if (key == first) runner.Watch(first with { Generation = 2 }, spec, ProbeClock.NowMs); };

        runner.Watch(first, spec, ProbeClock.NowMs);

        Assert.Equal(first, (await Next(recorder.Results)).Key);
        for (var i = 0; i < 3; i++) Assert.Equal(2, (await Next(recorder.Results)).Key.Generation);
    }

    [Fact(Timeout = 20_000)]
    public async Task AHangingCheck_DoesNotDelayOtherPrograms()
    {
        using var silent = new LoopbackHttpServer("", Behaviour.NeverAnswer);
        using var server = new LoopbackTcpServer();
        var recorder = new Recorder();
        using var runner = new ProbeRunner(recorder.OnResult);
        var now = ProbeClock.NowMs;

        runner.Watch(new("slow", ProbeRole.Liveness, 1),
            new ProbeSpec { Kind = ProbeKind.Http, Url = silent.Url("/"), Timeout = TimeSpan.FromSeconds(3), Interval = TimeSpan.FromSeconds(30) }, now);
        runner.Watch(new("fast", ProbeRole.Liveness, 1), Tcp(server.Port, intervalMs: 100), now);
        await silent.FirstRequest; // the slow check is in flight

        for (var i = 0; i < 5; i++)
        {
            var seen = await Next(recorder.Results);
            Assert.Equal("fast", seen.Key.Program);
            Assert.True(seen.Result.Success, seen.Result.Detail);
        }
        Seen slow;
        do slow = await Next(recorder.Results); while (slow.Key.Program != "slow");
        Assert.Equal(new ProbeResult(false, "timed out after 3 s"), slow.Result);
    }

    [Fact(Timeout = 15_000)]
    public async Task ACheckThatNeverReturns_IsGivenUp_AndNotStartedTwice()
    {
        using var release = new ManualResetEventSlim();
        var calls = 0;
        ProbeResult Check(ProbeSpec _)
        {
            if (Interlocked.Increment(ref calls) == 1) release.Wait(); // hangs like a stuck getaddrinfo
            return new(true, "fine");
        }
        var recorder = new Recorder();
        using var runner = new ProbeRunner(recorder.OnResult, null, Check, grace: TimeSpan.FromMilliseconds(100));
        var spec = new ProbeSpec { Kind = ProbeKind.Tcp, Address = "127.0.0.1:1", Timeout = TimeSpan.FromMilliseconds(200), Interval = TimeSpan.FromMilliseconds(100) };
        var started = ProbeClock.NowMs;

        runner.Watch(new("stuck", ProbeRole.Liveness, 1), spec, started);

        var givenUp = await Next(recorder.Results);
        Assert.Equal(new ProbeResult(false, "timed out after 200 ms (the check did not return)"), givenUp.Result);
        Assert.InRange(givenUp.AtMs - started, 290, 3_000);
        var blocked = await Next(recorder.Results);
        Assert.Equal(new ProbeResult(false, "previous check still running"), blocked.Result);
        Assert.Equal(1, Volatile.Read(ref calls));

        release.Set();
        Seen next;
        do next = await Next(recorder.Results); while (next.Result.Detail == "previous check still running");
        // The late "fine" of the first call was dropped; this one comes from a new call.
        Assert.Equal(new ProbeResult(true, "fine"), next.Result);
        Assert.True(Volatile.Read(ref calls) >= 2);
    }

    [Fact(Timeout = 15_000)]
    public async Task Dispose_StopsEverything()
    {
        using var server = new LoopbackTcpServer();
        var recorder = new Recorder();
        var runner = new ProbeRunner(recorder.OnResult);
        runner.Watch(new("web", ProbeRole.Liveness, 1), Tcp(server.Port, intervalMs: 100), ProbeClock.NowMs);
        await Next(recorder.Results);

        runner.Dispose();
        runner.Dispose(); // idempotent

        while (recorder.Results.Reader.TryRead(out _)) { } // delivered before Dispose returned
        Assert.True(await NothingWithin(recorder.Results, 400));
        Assert.Throws<ObjectDisposedException>(() => runner.Watch(new("web", ProbeRole.Liveness, 2), Tcp(server.Port), 0));
        runner.Unwatch("web"); // harmless
        runner.ExecFinished(new("web", ProbeRole.Liveness, 1), new(true, "")); // harmless
    }
}
