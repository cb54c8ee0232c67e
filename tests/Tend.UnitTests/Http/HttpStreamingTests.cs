using System.Text;
using Tend.Control.Client;
using Tend.Http;

using Tend.UnitTests.Control;

namespace Tend.UnitTests.Http;

/// <summary>Chunked responses: order, the producer learning the client left, cancellation, HTTP/1.0.</summary>
public class HttpStreamingTests
{
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(10);

    [Fact(Timeout = 15_000)]
    public async Task Stream_ChunksArriveWholeAndInOrder()
    {
        using var dir = new TempDir();
        using var server = HttpServer.ListenUnix(dir.File(), (_, response) =>
        {
            using var stream = response.BeginChunked(200, "text/plain");
            for (var i = 0; i < 200; i++)
                Assert.True(stream.TryWrite(Encoding.ASCII.GetBytes($"line {i}\n")));
            stream.TryWrite(new byte[100_000]); // one big chunk, surely split on the way
        });

        var chunks = new List<byte[]>();
        var status = await Task.Run(() => new ControlClient(dir.File(), ClientTimeout)
            .Stream("GET", "/logs?follow", chunk => chunks.Add(chunk.ToArray()), CancellationToken.None));

        Assert.Equal(200, status);
        Assert.Equal(201, chunks.Count);
        for (var i = 0; i < 200; i++) Assert.Equal($"line {i}\n", Encoding.ASCII.GetString(chunks[i]));
        Assert.Equal(100_000, chunks[200].Length);
    }

    [Fact(Timeout = 15_000)]
    public async Task Stream_ClientLeaves_ProducerSeesTryWriteFalse()
    {
        using var dir = new TempDir();
        var firstChunkSent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var clientGone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var producerStopped = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var server = HttpServer.ListenUnix(dir.File(), (_, response) =>
        {
            using var stream = response.BeginChunked(200, "text/plain");
            stream.TryWrite("hello\n"u8);
            firstChunkSent.TrySetResult();
            clientGone.Task.Wait();
            var writes = 0;
            while (stream.TryWrite("more\n"u8) && writes < 10_000) writes++;
            producerStopped.TrySetResult(writes);
        });

        using var cancel = new CancellationTokenSource();
        var received = new List<string>();
        var status = await Task.Run(() => new ControlClient(dir.File(), ClientTimeout).Stream("GET", "/logs", chunk =>
        {
            received.Add(Encoding.ASCII.GetString(chunk));
            cancel.Cancel(); // the user pressed ^C after the first line
        }, cancel.Token));
        Assert.Equal(200, status);
        Assert.Equal(["hello\n"], received);

        clientGone.SetResult();
        Assert.Equal(0, await producerStopped.Task); // the very next write reports the client gone
    }

    [Fact(Timeout = 15_000)]
    public async Task Stream_CancelWhileTheServerIsQuiet_ReturnsPromptly()
    {
        using var dir = new TempDir();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var server = HttpServer.ListenUnix(dir.File(), (_, response) =>
        {
            using var stream = response.BeginChunked(200, "text/plain");
            stream.TryWrite("ready\n"u8);
            release.Task.Wait(); // a follow with nothing new to say
        });

        using var cancel = new CancellationTokenSource();
        var status = await Task.Run(() => new ControlClient(dir.File(), ClientTimeout)
            .Stream("GET", "/logs", _ => cancel.Cancel(), cancel.Token));
        Assert.Equal(200, status);
        release.SetResult();
    }

    [Fact(Timeout = 15_000)]
    public async Task Stream_CancelledBeforeTheHead_Throws()
    {
        using var dir = new TempDir();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handling = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var server = HttpServer.ListenUnix(dir.File(), (_, response) =>
        {
            handling.TrySetResult();
            release.Task.Wait();
            response.Send(200, "text/plain", default);
        });

        using var cancel = new CancellationTokenSource();
        var stream = Task.Run(() => new ControlClient(dir.File(), ClientTimeout).Stream("GET", "/", _ => { }, cancel.Token));
        await handling.Task;
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stream);
        release.SetResult();
    }

    [Fact(Timeout = 15_000)]
    public async Task Stream_NonChunkedError_IsDeliveredToo()
    {
        using var dir = new TempDir();
        using var server = HttpServer.ListenUnix(dir.File(), (_, response) => response.Send(404, "application/json", "{\"error\":\"no such program\"}"u8));
        var body = new StringBuilder();
        var status = await Task.Run(() => new ControlClient(dir.File(), ClientTimeout)
            .Stream("GET", "/programs/nope/logs", chunk => body.Append(Encoding.UTF8.GetString(chunk)), CancellationToken.None));
        Assert.Equal(404, status);
        Assert.Equal("{\"error\":\"no such program\"}", body.ToString());
    }

    [Fact(Timeout = 15_000)]
    public async Task ServerDispose_EndsTheStreamForTheProducer()
    {
        using var dir = new TempDir();
        var streaming = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var disposed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var producerStopped = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var server = HttpServer.ListenUnix(dir.File(), (_, response) =>
        {
            using var stream = response.BeginChunked(200, "text/plain");
            stream.TryWrite("x"u8);
            streaming.TrySetResult();
            disposed.Task.Wait();
            producerStopped.TrySetResult(stream.TryWrite("y"u8));
        });

        var client = Task.Run(() => new ControlClient(dir.File(), ClientTimeout).Stream("GET", "/", _ => { }, CancellationToken.None));
        await streaming.Task;
        server.Dispose();
        disposed.SetResult();
        Assert.False(await producerStopped.Task);
        await Assert.ThrowsAsync<ControlClientException>(() => client); // cut mid-stream: no last chunk
    }

    [Fact(Timeout = 15_000)]
    public async Task Http10Client_GetsABodyDelimitedByClose()
    {
        using var dir = new TempDir();
        using var server = HttpServer.ListenUnix(dir.File(), (_, response) =>
        {
            using var stream = response.BeginChunked(200, "text/plain");
            stream.TryWrite("a"u8);
            stream.TryWrite("b"u8);
        });
        await Task.Run(() =>
        {
            using var connection = new RawConnection(dir.File());
            connection.Send("GET / HTTP/1.0\r\n\r\n");
            var response = connection.Read();
            Assert.False(response.Headers.ContainsKey("Transfer-Encoding"));
            Assert.Equal("ab", response.Body);
        });
    }

    [Fact(Timeout = 15_000)]
    public async Task KeepAlive_AfterAChunkedResponse_TheConnectionIsReused()
    {
        using var dir = new TempDir();
        using var server = HttpServer.ListenUnix(dir.File(), (request, response) =>
        {
            if (request.Path == "/stream")
            {
                var stream = response.BeginChunked(200, "text/plain");
                stream.TryWrite("s"u8); // not disposed: returning ends the body anyway
                return;
            }
            Handlers.Echo(request, response);
        });
        await Task.Run(() =>
        {
            using var connection = new RawConnection(dir.File());
            connection.Send("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n");
            var streamed = connection.Read();
            Assert.Equal("chunked", streamed.Headers["Transfer-Encoding"]);
            Assert.Equal("s", streamed.Body);
            connection.Send("GET /after HTTP/1.1\r\nHost: x\r\n\r\n");
            Assert.Equal("GET /after [] ", connection.Read().Body);
        });
    }
}
