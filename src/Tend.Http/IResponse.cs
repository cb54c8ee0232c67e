namespace Tend.Http;

/// <summary>
/// Handles one request on the connection's own thread. It must answer through <paramref name="response"/>
/// exactly once before returning; returning ends the response (a chunked stream is closed then). An
/// exception becomes a 500 when nothing was sent yet, and otherwise cuts the connection.
/// </summary>
public delegate void HttpHandler(HttpRequest request, IResponse response);

/// <summary>The answer to one request. I/O failures never throw here: a client that left is not the handler's error.</summary>
public interface IResponse
{
    /// <summary>Sends a complete response with a Content-Length.</summary>
    void Send(int status, string contentType, ReadOnlySpan<byte> body) => Send(status, contentType, body, null, close: false);

    /// <summary>
    /// The same, with extra header lines ("Name: value", no CR or LF) and, with <paramref name="close"/>,
    /// the connection closed after it (an authentication refusal, as supervisord does).
    /// </summary>
    void Send(int status, string contentType, ReadOnlySpan<byte> body, IReadOnlyList<string>? headers, bool close);

    /// <summary>Starts a response of unknown length (Transfer-Encoding: chunked), e.g. a log tail.</summary>
    IChunkedStream BeginChunked(int status, string contentType) => BeginChunked(status, contentType, null);

    /// <summary>The same, with extra header lines ("Name: value").</summary>
    IChunkedStream BeginChunked(int status, string contentType, IReadOnlyList<string>? headers);
}

/// <summary>
/// The body of a chunked response. One writer at a time; <see cref="IDisposable.Dispose"/> sends the final chunk.
/// </summary>
public interface IChunkedStream : IDisposable
{
    /// <summary>
    /// Sends one chunk. False once the client is gone (or the server is stopping): the producer should stop.
    /// An empty chunk sends nothing and only reports whether the client is still there.
    /// </summary>
    bool TryWrite(ReadOnlySpan<byte> chunk);
}
