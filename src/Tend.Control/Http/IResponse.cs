namespace Tend.Control.Http;

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
    void Send(int status, string contentType, ReadOnlySpan<byte> body);

    /// <summary>Starts a response of unknown length (Transfer-Encoding: chunked), e.g. a log tail.</summary>
    IChunkedStream BeginChunked(int status, string contentType);
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
