using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Tend.Logging.Files;
using Tend.Posix;
using Tend.Posix.Files;
using Tend.Posix.Spawn;

namespace Tend.Cli;

/// <summary>
/// s6-overlay's logging helpers, which log/run scripts call by name (<c>exec logutil-service /var/log/myapp</c>):
/// <list type="bullet">
/// <item>logutil-service [-f FIFO] DIR: s6-overlay drops to nobody (65534:65534 when there is no such
/// user), empties the environment and becomes <c>s6-log -b -- $S6_LOGGING_SCRIPT DIR</c> (default
/// script <c>n20 s1000000 T</c>), reading standard input or, with -f, the FIFO. Tend does the same
/// with itself as the logger (<see cref="WriterVerb"/>): lines go to DIR/current, which rotates at
/// sNNN bytes into current.1 … current.N (N from nNN; s6-log's defaults n10 s99999), each line
/// prefixed as T (local time, YYYY-MM-DD HH:MM:SS.nnnnnnnnn) and t (TAI64N label) ask. Other
/// directives (selections, processors) are reported once and ignored.</item>
/// <item>logutil-newfifo [-m MODE] [-o OWNER] FIFO: replaces FIFO by a new FIFO with MODE (default
/// 0600) owned by OWNER (default root), with s6-overlay's deprecation warning.</item>
/// </list>
/// </summary>
internal static class Logutil
{
    public const string WriterVerb = "__logutil-writer";
    private const string DefaultScript = "n20 s1000000 T";
    private const int Usage = 100, Failure = 111;

    /// <summary>logutil-service [-f FIFO] DIR: execs Tend's logger as nobody with an empty environment; returns only on failure.</summary>
    public static int Service(string[] args)
    {
        string? fifo = null;
        var i = 0;
        for (; i < args.Length && args[i].StartsWith('-') && args[i].Length > 1; i++)
        {
            if (args[i] == "--") { i++; break; }
            if (args[i] == "-f" && i + 1 < args.Length) fifo = args[++i];
            else if (args[i].StartsWith("-f", StringComparison.Ordinal) && args[i].Length > 2) fifo = args[i][2..];
            else return Fail("logutil-service", $"unknown option {args[i]}; usage: logutil-service [-f FIFO] DIR", Usage);
        }
        if (i >= args.Length) return Fail("logutil-service", "usage: logutil-service [-f FIFO] DIR", Usage);
        var script = ContainerValue("S6_LOGGING_SCRIPT") is { Length: > 0 } value ? value : DefaultScript;
        var nobody = UserLookup.Resolve("nobody", null, out _) ?? new Credentials(65534, 65534, [65534]);
        var self = Environment.ProcessPath ?? "/proc/self/exe";
        string[] argv = [self, WriterVerb, fifo ?? "", args[i], .. script.Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries)];
        var (errno, step) = ExecInPlace.Exec(argv, [], nobody);
        return Fail("logutil-service", $"unable to {step}: {PosixException.Describe(errno)}", Failure);
    }

    /// <summary>logutil-newfifo [-m MODE] [-o OWNER] FIFO.</summary>
    public static int NewFifo(string[] args)
    {
        var mode = 0b110_000_000;
        var owner = "root";
        var i = 0;
        for (; i < args.Length && args[i].StartsWith('-') && args[i].Length > 1; i++)
        {
            if (args[i] == "--") { i++; break; }
            var (flag, value) = args[i].Length > 2 ? (args[i][1], args[i][2..]) : (args[i][1], i + 1 < args.Length ? args[++i] : null);
            if (value is null) return Fail("logutil-newfifo", $"-{flag} needs a value", Usage);
            if (flag == 'm')
            {
                if (value.Length == 0 || value.Any(c => c is < '0' or > '7')) return Fail("logutil-newfifo", $"-m {value}: not an octal mode", Usage);
                mode = Convert.ToInt32(value, 8);
            }
            else if (flag == 'o') owner = value;
            else return Fail("logutil-newfifo", $"unknown option -{flag}; usage: logutil-newfifo [-m MODE] [-o OWNER] FIFO", Usage);
        }
        if (i >= args.Length) return Fail("logutil-newfifo", "usage: logutil-newfifo [-m MODE] [-o OWNER] FIFO", Usage);
        var path = args[i];
        Console.Error.WriteLine("logutil-newfifo: warning: this binary is deprecated, use s6-mkfifo and s6-chown instead");
        try
        {
            if (Directory.Exists(path) && new FileInfo(path).LinkTarget is null) Directory.Delete(path, recursive: true);
            else if (File.Exists(path) || new FileInfo(path).LinkTarget is not null) File.Delete(path);
            Fifo.Make(path, mode);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PosixException)
        {
            return Fail("logutil-newfifo", e.Message, Failure);
        }
        if (FileOwner.ChangeMode(path, mode) is { } chmod) return Fail("logutil-newfifo", chmod, Failure);
        var colon = owner.IndexOf(':');
        var credentials = UserLookup.Resolve(colon < 0 ? owner : owner[..colon], colon < 0 ? null : owner[(colon + 1)..], out var error);
        if (credentials is null) return Fail("logutil-newfifo", error ?? $"unknown user {owner}", Failure);
        return FileOwner.ChangeIds(path, credentials.Uid, credentials.Gid) is { } chown ? Fail("logutil-newfifo", chown, Failure) : 0;
    }

    /// <summary>The logger, as nobody: args FIFO-or-empty DIR SCRIPT-WORDS...; 0 at end of input or on TERM.</summary>
    public static int Writer(string[] args)
    {
        if (args.Length < 2) return Usage;
        long maxBytes = 99999;
        var backups = 10;
        bool tai = false, iso = false;
        var ignored = new List<string>();
        foreach (var word in args[2..])
        {
            if (word.Length > 1 && word[0] is 'n' or 's' && long.TryParse(word.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= int.MaxValue)
            {
                if (word[0] == 'n') backups = (int)n;
                else maxBytes = n;
            }
            else if (word == "t") tai = true;
            else if (word == "T") iso = true;
            else ignored.Add(word);
        }
        if (ignored.Count > 0)
            Console.Error.WriteLine($"logutil-service (tend): warning: S6_LOGGING_SCRIPT: '{string.Join(' ', ignored)}' is not supported and is ignored (Tend's logger honours nNN, sNNN, t and T)");
        var dir = args[1];
        int input;
        try
        {
            Directory.CreateDirectory(dir);
            // s6-log lives on when the service writing into the FIFO restarts: hold a write end so reads never see its end.
            input = args[0].Length > 0 ? Fifo.OpenHoldingReader(args[0]) : 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PosixException)
        {
            return Fail("logutil-service", e.Message, Failure);
        }
        using var log = new RotatingLogFile(Path.Combine(dir, "current"), maxBytes, backups);
        log.Report += message => Console.Error.WriteLine($"logutil-service (tend): {message}");
        // s6-log ends on TERM once the line at hand is written; every line here is written as it comes.
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => Environment.Exit(0));
        var buffer = new byte[65536];
        var pending = new List<byte>();
        while (true)
        {
            var read = Fd.Read(input, buffer, out _);
            if (read <= 0) break;
            var start = 0;
            for (var k = 0; k < read; k++)
            {
                if (buffer[k] != (byte)'\n') continue;
                pending.AddRange(buffer.AsSpan(start, k - start));
                WriteLine(log, pending, tai, iso);
                start = k + 1;
            }
            pending.AddRange(buffer.AsSpan(start, read - start));
        }
        if (pending.Count > 0) WriteLine(log, pending, tai, iso);
        return 0;
    }

    private static void WriteLine(RotatingLogFile log, List<byte> line, bool tai, bool iso)
    {
        var now = DateTimeOffset.UtcNow;
        var prefix = new StringBuilder();
        if (tai)
        {
            // TAI64N: 2^62 + TAI seconds (UTC + 10, skalibs' offset without a leap-second table), then nanoseconds.
            var seconds = now.ToUnixTimeSeconds();
            var nanos = (now.Ticks % TimeSpan.TicksPerSecond) * 100;
            prefix.Append('@').Append(((1UL << 62) + (ulong)seconds + 10).ToString("x16", CultureInfo.InvariantCulture))
                .Append(((uint)nanos).ToString("x8", CultureInfo.InvariantCulture)).Append(' ');
        }
        if (iso)
        {
            var local = now.ToLocalTime();
            prefix.Append(local.ToString("yyyy-MM-dd HH:mm:ss.fffffff", CultureInfo.InvariantCulture)).Append("00 ");
        }
        var bytes = new byte[Encoding.UTF8.GetByteCount(prefix.ToString()) + line.Count + 1];
        var at = Encoding.UTF8.GetBytes(prefix.ToString(), bytes);
        line.CopyTo(bytes, at);
        bytes[^1] = (byte)'\n';
        log.Write(bytes);
        line.Clear();
    }

    /// <summary>A variable as printcontenv gives it: from /run/s6/container_environment when it exists, else Tend's environment.</summary>
    private static string? ContainerValue(string name)
    {
        var file = Path.Combine(S6Helpers.ContainerEnvironment, name);
        if (Directory.Exists(S6Helpers.ContainerEnvironment)) return File.Exists(file) ? File.ReadAllText(file).Trim() : null;
        return Environment.GetEnvironmentVariable(name)?.Trim();
    }

    private static int Fail(string name, string message, int code)
    {
        Console.Error.WriteLine($"{name} (tend): fatal: {message}");
        return code;
    }
}
