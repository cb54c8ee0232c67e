using System.Net.Sockets;
using Tend.Posix.Sockets;

namespace Tend.Http;

/// <summary>
/// One accepted connection, as the server's threads use it: blocking reads with a deadline, whole
/// sends, a half-close, a check for a peer that left. Two kinds: a .NET <see cref="Socket"/> (TCP,
/// and the Unix socket when it has an accept thread of its own), and a plain descriptor for the
/// control socket's connections accepted on the log thread, where a .NET Socket would start the
/// runtime's socket engine thread for good (<see cref="StreamDescriptor"/>).
/// </summary>
internal abstract class Connection : IDisposable
{
    public enum ReadOutcome { Data, Eof, Timeout }

    /// <summary>One receive that gives up at <paramref name="deadline"/> (Environment.TickCount64); errors throw SocketException.</summary>
    public abstract ReadOutcome Receive(Span<byte> buffer, long deadline, out int read);

    /// <summary>Some bytes sent (throws SocketException when the peer is gone or the send timed out).</summary>
    public abstract int Send(ReadOnlySpan<byte> data);

    /// <summary>True once the peer has closed or reset: readable, yet no bytes waiting.</summary>
    public abstract bool PeerGone();

    public abstract void ShutdownSend();

    public abstract void ShutdownBoth();

    /// <summary>Called once before serving: send timeout, no Nagle delay over TCP.</summary>
    public abstract void Prepare(TimeSpan sendTimeout);

    /// <summary>The peer's credentials (Unix sockets on Linux), or null.</summary>
    public abstract PeerCredentials? Peer();

    public abstract void Dispose();

    public static Connection Of(Socket socket) => new SocketConnection(socket);

    public static Connection OfDescriptor(int fd) => new DescriptorConnection(fd);

    private sealed class SocketConnection(Socket socket) : Connection
    {
        public override ReadOutcome Receive(Span<byte> buffer, long deadline, out int read)
        {
            read = 0;
            var left = deadline - Environment.TickCount64;
            if (left <= 0) return ReadOutcome.Timeout;
            socket.ReceiveTimeout = (int)Math.Min(left, int.MaxValue);
            try
            {
                read = socket.Receive(buffer, SocketFlags.None);
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock)
            {
                return ReadOutcome.Timeout;
            }
            return read == 0 ? ReadOutcome.Eof : ReadOutcome.Data;
        }

        public override int Send(ReadOnlySpan<byte> data) => socket.Send(data, SocketFlags.None);

        public override bool PeerGone() => socket.Poll(0, SelectMode.SelectRead) && socket.Available == 0;

        public override void ShutdownSend() => socket.Shutdown(SocketShutdown.Send);

        public override void ShutdownBoth() => socket.Shutdown(SocketShutdown.Both);

        public override void Prepare(TimeSpan sendTimeout)
        {
            socket.SendTimeout = (int)Math.Min(sendTimeout.TotalMilliseconds, int.MaxValue);
            if (socket.ProtocolType == ProtocolType.Tcp) socket.NoDelay = true; // small responses and chunks: no Nagle delay
        }

        public override PeerCredentials? Peer() => PeerCredentialsReader.Read(socket);

        public override void Dispose() => socket.Dispose();
    }

    private sealed class DescriptorConnection(int fd) : Connection
    {
        private int _fd = fd;

        private int Fd => Volatile.Read(ref _fd) is var d and >= 0 ? d : throw new ObjectDisposedException(nameof(Connection));

        public override ReadOutcome Receive(Span<byte> buffer, long deadline, out int read)
        {
            read = 0;
            var left = deadline - Environment.TickCount64;
            if (left <= 0 || !StreamDescriptor.WaitReadable(Fd, (int)Math.Min(left, int.MaxValue))) return ReadOutcome.Timeout;
            var n = StreamDescriptor.Receive(Fd, buffer);
            if (n < 0) throw new SocketException((int)SocketError.ConnectionReset);
            read = n;
            return n == 0 ? ReadOutcome.Eof : ReadOutcome.Data;
        }

        public override int Send(ReadOnlySpan<byte> data)
        {
            var n = StreamDescriptor.Send(Fd, data);
            return n >= 0 ? n : throw new SocketException((int)(n == -11 ? SocketError.TimedOut : SocketError.ConnectionReset));
        }

        public override bool PeerGone() => Volatile.Read(ref _fd) is var d and >= 0
            ? StreamDescriptor.WaitReadable(d, 0) && StreamDescriptor.Available(d) <= 0
            : true;

        public override void ShutdownSend() => StreamDescriptor.ShutdownSend(Fd);

        public override void ShutdownBoth()
        {
            if (Volatile.Read(ref _fd) is var d and >= 0) StreamDescriptor.ShutdownBoth(d);
        }

        public override void Prepare(TimeSpan sendTimeout) => StreamDescriptor.SetSendTimeout(Fd, sendTimeout);

        public override PeerCredentials? Peer() =>
            StreamDescriptor.PeerCredentials(Fd) is var (pid, uid, gid) ? new PeerCredentials(pid, uid, gid) : null;

        public override void Dispose()
        {
            var d = Interlocked.Exchange(ref _fd, -1);
            if (d >= 0) StreamDescriptor.Close(d);
        }
    }
}
