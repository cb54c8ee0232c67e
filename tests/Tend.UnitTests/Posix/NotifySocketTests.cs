using System.Diagnostics;
using System.Net.Sockets;
using Tend.Posix;
using Tend.Posix.Sockets;

namespace Tend.UnitTests.Posix;

/// <summary>
/// The two halves of the sd_notify sender check (issue 16 item 7): the socket hands over the
/// kernel's sender pid with each message, never descriptors a sender attaches; and the process
/// tree says who belongs to a program.
/// </summary>
public class NotifySocketTests
{
    [Fact]
    public void Each_message_comes_with_the_pid_that_sent_it()
    {
        var dir = Directory.CreateTempSubdirectory("tend-dgram-");
        try
        {
            using var socket = DatagramSocket.Bind(Path.Combine(dir.FullName, "notify"));
            using var sender = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            sender.SendTo("READY=1"u8, new UnixDomainSocketEndPoint(socket.Path));

            var message = socket.Receive();

            Assert.Equal(new DatagramSocket.Datagram("READY=1", Environment.ProcessId), message);
            Assert.Null(socket.Receive());
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task Descriptors_a_sender_attaches_never_land_in_the_receiver()
    {
        await Task.Yield();
        var dir = Directory.CreateTempSubdirectory("tend-dgram-");
        try
        {
            using var socket = DatagramSocket.Bind(Path.Combine(dir.FullName, "notify"));
            // One file of its own, sent many times over: a descriptor that landed would point at it.
            // (Counting /proc/self/fd instead counted the descriptors of the tests running alongside.)
            var marker = Path.Combine(dir.FullName, "sent-descriptor");
            var psi = new ProcessStartInfo("/usr/bin/python3") { UseShellExecute = false };
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add("import socket, sys; f = open(sys.argv[2], 'w'); s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); s.connect(sys.argv[1]); socket.send_fds(s, [b'READY=1'], [f.fileno()] * 240)");
            psi.ArgumentList.Add(socket.Path);
            psi.ArgumentList.Add(marker);
            using (var python = Process.Start(psi)!)
            {
                Assert.True(python.WaitForExit(20_000));
                Assert.Equal(0, python.ExitCode);
            }

            Assert.Equal("READY=1", socket.Receive()?.Text);
            Assert.DoesNotContain(marker, OpenFiles());
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task A_process_belongs_to_itself_and_its_descendants_only()
    {
        await Task.Yield();
        var self = Environment.ProcessId;
        using var child = Process.Start(new ProcessStartInfo("/bin/sleep", "30") { UseShellExecute = false })!;
        try
        {
            Assert.True(ProcessTree.Belongs(self, self));
            Assert.True(ProcessTree.Belongs(child.Id, self));
            Assert.False(ProcessTree.Belongs(self, child.Id));
            Assert.False(ProcessTree.Belongs(1, self));
            Assert.False(ProcessTree.Belongs(0, self));
            Assert.False(ProcessTree.Belongs(int.MaxValue, self));
        }
        finally
        {
            child.Kill();
            child.WaitForExit();
        }
    }

    /// <summary>What this process's descriptors point at.</summary>
    private static List<string> OpenFiles()
    {
        var targets = new List<string>();
        foreach (var fd in Directory.GetFiles("/proc/self/fd"))
        {
            try { if (new FileInfo(fd).LinkTarget is { } target) targets.Add(target); }
            catch (IOException) { } // closed meanwhile by a test running alongside
        }
        return targets;
    }
}
