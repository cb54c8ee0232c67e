using System.Text;
using System.Text.RegularExpressions;
using Tend.IntegrationTests.Infrastructure;
using static Tend.IntegrationTests.Infrastructure.Yaml;

namespace Tend.IntegrationTests;

/// <summary>
/// Log integrity under pressure, with Tend as PID 1 and its stdout a FIFO (or a file) the test
/// controls: a reader that stops draining costs at most log_buffer, drops whole lines only, counts
/// and reports them, and forwarding recovers when the reader comes back; supervision never waits
/// on output. Odd bytes pass through exactly.
/// </summary>
public class LogPressureTests
{
    private const int Lines = 200_000; // 20 MB of 100-byte lines, far beyond log_buffer + pipe buffers

    /// <summary>Starts Tend with stdout redirected by sh to <paramref name="stdoutPath"/> (a FIFO or file).</summary>
    private static TendHost StartWithStdout(string config, string stdoutPath) =>
        TendHost.Start(["run", config], readStdout: false,
            launcher: ["sh", "-c", $"exec \"$0\" \"$@\" > '{stdoutPath}'"]);

    [Fact(Timeout = 120_000)]
    public async Task I_see_a_blocked_stdout_cost_bounded_memory_drop_whole_lines_report_them_and_recover()
    {
        using var dir = new TempDir();
        var fifo = dir.File("stdout.fifo");
        Assert.Equal(0, mkfifo(fifo, 0x180));
        var done = dir.File("spew.done");
        var resume = dir.File("resume");
        var config = dir.Write("tend.yaml", $"""
            log_buffer: 1MiB
            programs:
              spew:
                command: {Dummy("spew-lines", Lines.ToString(), "then", "touch", done, "then", "sleep", "inf")}
              other:
                command: {Dummy("sleep", "inf")}
              late:
                command: [sh, -c, "while [ ! -e '{resume}' ]; do sleep 0.05; done; echo after-resume; exec sleep 1000"]
            """);

        // Opening a FIFO for reading waits for a writer: Tend's redirection.
        var opening = Task.Run(() => new FileStream(fifo, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1));
        using var tend = StartWithStdout(config, fifo);
        await using var stdout = await opening.WaitAsync(TimeSpan.FromSeconds(20));

        // Nobody reads: spew can only finish if Tend drops what it cannot hold.
        await WaitForFile(done, TimeSpan.FromSeconds(60), tend);
        var status = File.ReadAllText($"/proc/{tend.TendPid}/status");
        var peakKb = long.Parse(Regex.Match(status, @"VmHWM:\s+(\d+) kB").Groups[1].Value);
        Assert.True(peakKb < 96 * 1024, $"Tend's peak RSS {peakKb} kB with log_buffer 1MiB");

        // Supervision does not wait on the blocked output: a restart is answered at once.
        var started = DateTime.UtcNow;
        var (code, _, err) = Ctl.Run(tend, "ctl", "restart", "other");
        Assert.True(code == 0, err);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5), "restart took too long while stdout was blocked");

        // The reader comes back: everything buffered arrives, then the drop report.
        var reader = new LineReader(stdout);
        var received = new List<long>();
        long dropped = 0;
        var notice = new Regex(@"^tend +\| spew: (\d+) lines \((\d+) bytes\) dropped: stdout was not draining$");
        var spewLine = new Regex(@"^spew +\| line (\d{6}) x+$");
        var afterResume = false;
        while (!afterResume)
        {
            var line = await reader.Next(TimeSpan.FromSeconds(20)) ?? throw new Xunit.Sdk.XunitException("stdout ended early");
            if (line.StartsWith("spew ", StringComparison.Ordinal))
            {
                var m = spewLine.Match(line);
                Assert.True(m.Success && line.Length == line.IndexOf('|') + 2 + 99, $"torn or mixed line: {line[..Math.Min(line.Length, 200)]}");
                received.Add(long.Parse(m.Groups[1].Value));
            }
            else if (notice.Match(line) is { Success: true } n)
            {
                dropped += long.Parse(n.Groups[1].Value);
                File.WriteAllText(resume, ""); // forwarding must work again from here on
            }
            else if (line.StartsWith("late", StringComparison.Ordinal) && line.EndsWith("| after-resume", StringComparison.Ordinal)) afterResume = true;
        }
        Assert.True(dropped > 0, "nothing was reported dropped");
        Assert.Equal(Lines, received.Count + dropped);
        for (var i = 1; i < received.Count; i++) Assert.True(received[i] > received[i - 1], "lines out of order or repeated");

        var metrics = RawRequest(tend.SocketPath, "GET /metrics HTTP/1.1\r\nHost: tend\r\nConnection: close\r\n\r\n");
        Assert.Matches($"tend_log_dropped_lines_total{{[^}}]*program=\"spew\"[^}}]*}} {dropped}\n", metrics);
        tend.Signal(15);
        while (await reader.Next(TimeSpan.FromSeconds(20)) is not null) { }
        tend.WaitForExit();
    }

    [Fact(Timeout = 180_000)]
    public async Task I_see_stdout_and_stderr_on_one_slow_pipe_keep_every_line_whole()
    {
        // 2>&1: Tend's stdout and stderr are one pipe. A pipe write that must wait for room lets
        // another writer's bytes in mid-write, so two writers (one per stream) would tear lines
        // whenever the reader is slower than the programs.
        const int Each = 40_000;
        using var dir = new TempDir();
        var fifo = dir.File("both.fifo");
        Assert.Equal(0, mkfifo(fifo, 0x180));
        var config = dir.Write("tend.yaml", $"""
            programs:
              out:
                command: {Dummy("spew-lines", Each.ToString(), "100", "stdout", "then", "sleep", "inf")}
              err:
                command: {Dummy("spew-lines", Each.ToString(), "100", "stderr", "then", "sleep", "inf")}
            """);
        var opening = Task.Run(() => new FileStream(fifo, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1));
        using var tend = TendHost.Start(["run", config], readStdout: false,
            launcher: ["sh", "-c", $"exec \"$0\" \"$@\" > '{fifo}' 2>&1"]);
        await using var both = await opening.WaitAsync(TimeSpan.FromSeconds(20));

        var reader = new LineReader(new SlowStream(both));
        var line = new Regex(@"^(out|err) +\| line (\d{6}) x+$");
        var notice = new Regex(@"^tend +\| (out|err): (\d+) lines \(\d+ bytes\) dropped");
        var last = new Dictionary<string, long> { ["out"] = 0, ["err"] = 0 };
        var seen = new Dictionary<string, long> { ["out"] = 0, ["err"] = 0 };
        var dropped = new Dictionary<string, long> { ["out"] = 0, ["err"] = 0 };
        while (seen["out"] + dropped["out"] < Each || seen["err"] + dropped["err"] < Each)
        {
            var text = await reader.Next(TimeSpan.FromSeconds(30)) ?? throw new Xunit.Sdk.XunitException("the pipe ended early");
            if (notice.Match(text) is { Success: true } n) { dropped[n.Groups[1].Value] += long.Parse(n.Groups[2].Value); continue; }
            if (!text.StartsWith("out ", StringComparison.Ordinal) && !text.StartsWith("err ", StringComparison.Ordinal)) continue;
            var m = line.Match(text);
            Assert.True(m.Success && text.Length == text.IndexOf('|') + 2 + 99, $"torn or mixed line: {text[..Math.Min(text.Length, 200)]}");
            var name = m.Groups[1].Value;
            var number = long.Parse(m.Groups[2].Value);
            Assert.True(number > last[name], $"{name}: line {number} after {last[name]}");
            last[name] = number;
            seen[name]++;
        }
        Assert.True(seen["out"] > 0 && seen["err"] > 0, "one stream never arrived");
        tend.Signal(15);
        while (await reader.Next(TimeSpan.FromSeconds(20)) is not null) { }
        tend.WaitForExit();
    }

    /// <summary>A reader slower than the programs: 4 KiB at a time, with a pause now and then.</summary>
    private sealed class SlowStream(Stream inner) : Stream
    {
        private int _reads;
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (++_reads % 16 == 0) await Task.Delay(1, cancellationToken);
            return await inner.ReadAsync(buffer[..Math.Min(buffer.Length, 4096)], cancellationToken);
        }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Fact(Timeout = 120_000)]
    public async Task I_see_binary_garbage_nul_cr_invalid_utf8_and_a_1MB_line_pass_through_byte_exact()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var input = new MemoryStream();
        void Add(byte[] b) => input.Write(b);
        Add("plain line\n"u8.ToArray());
        Add("carriage\rreturn\r\n"u8.ToArray());
        Add([0, 1, 2, 0, (byte)'n', (byte)'u', (byte)'l', 0, (byte)'\n']);
        Add([0xff, 0xfe, 0xc3, 0x28, 0xe2, 0x82, (byte)'\n']); // invalid UTF-8 sequences
        var random = new Random(9);
        for (var i = 0; i < 64; i++)
        {
            var garbage = new byte[random.Next(1, 4000)];
            random.NextBytes(garbage);
            Add(garbage);
        }
        Add("\n"u8.ToArray());
        Add(Encoding.ASCII.GetBytes(new string('a', 1 << 20)));
        Add("\nlast line without newline"u8.ToArray());
        var data = input.ToArray();
        var file = dir.File("input.bin");
        File.WriteAllBytes(file, data);
        var output = dir.File("stdout.bin");
        var config = dir.Write("tend.yaml", $"""
            programs:
              bin:
                command: [cat, "{file}"]
                restart: never
            """);
        using var tend = StartWithStdout(config, output);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!File.Exists(output) || !File.ReadAllText(output).Contains("bin exited", StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("bin did not exit");
            await Task.Delay(20);
        }
        tend.Signal(15);
        tend.WaitForExit();

        var prefix = "bin  | "u8.ToArray();
        var got = File.ReadAllBytes(output);
        var expected = ExpectedOutput(data, prefix, 16 * 1024);
        var forwarded = SplitLines(got).Where(l => l.AsSpan().StartsWith(prefix)).ToList();
        for (var i = 0; i < Math.Min(forwarded.Count, expected.Count); i++)
            Assert.True(forwarded[i].AsSpan().SequenceEqual(expected[i]),
                $"line {i} differs: got {forwarded[i].Length} bytes, expected {expected[i].Length}: {Convert.ToHexString(forwarded[i].AsSpan(0, Math.Min(80, forwarded[i].Length)))} vs {Convert.ToHexString(expected[i].AsSpan(0, Math.Min(80, expected[i].Length)))}");
        Assert.Equal(expected.Count, forwarded.Count);
    }

    /// <summary>The documented framing: each line behind the prefix; a line past 16 KiB is cut into pieces before a UTF-8 continuation byte.</summary>
    private static List<byte[]> ExpectedOutput(byte[] data, byte[] prefix, int maxLine)
    {
        var result = new List<byte[]>();
        var start = 0;
        while (start < data.Length)
        {
            var nl = Array.IndexOf(data, (byte)'\n', start);
            var end = nl < 0 ? data.Length : nl;
            var pos = start;
            while (end - pos > maxLine)
            {
                var cut = pos + PieceLength(data, pos, maxLine);
                result.Add([.. prefix, .. data[pos..cut], (byte)'\n']);
                pos = cut;
            }
            result.Add([.. prefix, .. data[pos..end], (byte)'\n']);
            start = end + 1;
        }
        return result;
    }

    /// <summary>A full piece steps back over an incomplete UTF-8 character at its end (at most 4 bytes), unless that leaves nothing.</summary>
    private static int PieceLength(byte[] data, int pos, int max)
    {
        var boundary = max;
        for (var i = max - 1; i >= Math.Max(0, max - 4); i--)
        {
            var b = data[pos + i];
            if ((b & 0xC0) == 0x80) continue;
            var needed = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            if (i + needed > max) boundary = i;
            break;
        }
        return boundary == 0 ? max : boundary;
    }

    private static IEnumerable<byte[]> SplitLines(byte[] bytes)
    {
        var start = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] != '\n') continue;
            yield return bytes[start..(i + 1)];
            start = i + 1;
        }
    }

    /// <summary>Sends raw bytes to a Unix socket and returns everything it answers until it closes.</summary>
    internal static string RawRequest(string socketPath, string request)
    {
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        socket.Connect(new System.Net.Sockets.UnixDomainSocketEndPoint(socketPath));
        socket.ReceiveTimeout = 10_000;
        socket.Send(Encoding.ASCII.GetBytes(request));
        var answer = new MemoryStream();
        var buffer = new byte[8192];
        int n;
        while ((n = socket.Receive(buffer)) > 0) answer.Write(buffer, 0, n);
        return Encoding.UTF8.GetString(answer.ToArray());
    }

    private static async Task WaitForFile(string path, TimeSpan timeout, TendHost tend)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!File.Exists(path))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{path} did not appear. Stderr:\n{string.Join("\n", tend.Stderr)}");
            await Task.Delay(20);
        }
    }

    /// <summary>Reads raw lines off a stream (bytes decoded as Latin-1, so nothing is altered).</summary>
    private sealed class LineReader(Stream stream)
    {
        private readonly byte[] _buffer = new byte[1 << 16];
        private readonly List<byte> _line = [];
        private int _pos, _len;

        public async Task<string?> Next(TimeSpan timeout)
        {
            using var cts = new CancellationTokenSource(timeout);
            while (true)
            {
                for (; _pos < _len; _pos++)
                {
                    if (_buffer[_pos] == '\n')
                    {
                        _pos++;
                        var line = Encoding.Latin1.GetString([.. _line]);
                        _line.Clear();
                        return line;
                    }
                    _line.Add(_buffer[_pos]);
                }
                _len = await stream.ReadAsync(_buffer, cts.Token);
                _pos = 0;
                if (_len == 0) return null;
            }
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    private static extern int mkfifo(string path, uint mode);
}
