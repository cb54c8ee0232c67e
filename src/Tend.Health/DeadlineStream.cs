using System.Net.Sockets;

namespace Tend.Health;

/// <summary>
/// A connected non-blocking socket as a Stream whose every read and write is bounded by one
/// <see cref="Deadline"/> (<see cref="SocketIo"/>), so that SslStream's synchronous handshake and
/// reads stay within the probe's timeout. A failure is a <see cref="ProbeIoException"/> carrying
/// the probe's detail ("timed out after 1 s", "connection reset").
/// </summary>
internal sealed class DeadlineStream(Socket socket, Deadline deadline) : Stream
{
    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var received = SocketIo.Receive(socket, buffer, deadline, out var detail);
        return received >= 0 ? received : throw new ProbeIoException(detail);
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (!SocketIo.SendAll(socket, buffer, deadline, out var detail)) throw new ProbeIoException(detail);
    }

    public override void Flush() { }

    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}

/// <summary>A socket failure or timeout under a probe, with the words the probe reports.</summary>
internal sealed class ProbeIoException(string detail) : IOException(detail);
