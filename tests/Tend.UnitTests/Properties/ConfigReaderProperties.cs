using FsCheck.Xunit;
using Tend.Config;
using Tend.Config.ServiceDirs;
using Tend.Config.Supervisord;
using Tend.Model;

namespace Tend.UnitTests.Properties;

/// <summary>
/// Every configuration reader, on any text: never throws, every error is located in the file it
/// read (line within the text), and a result is either a configuration or errors, never neither.
/// </summary>
public class ConfigReaderProperties
{
    private static readonly Dictionary<string, string> Env = new() { ["HOME"] = "/root", ["PORT"] = "80" };

    private static readonly string[] YamlTokens =
    [
        "programs:", "\n", "\n  ", "\n    ", "\n      ", "web:", "db:", " ", "command: ", "[", "]", "{", "}", ", ", "- ", "\"", "'",
        "sh", "-c", "echo hi", "restart: ", "always", "never", "on-failure", "stop_signal: ", "TERM", "KILL", "stop_timeout: ",
        "5s", "100ms", "1m", "-1s", "priority: ", "10", "-3", "99999999999", "depends_on: ", "readiness: ", "exec: ", "http: ",
        "tcp: ", "interval: ", "environment: ", "FOO: bar", "${HOME}", "${UNSET:-x}", "${", "$$", "user: ", "nobody", "umask: ",
        "022", "socket: ", "/run/t.sock", "log_buffer: ", "4MiB", "1GiB", "0", "main: ", "true", "false", "~", "null", "&a ", "*a",
        "<<: ", "!!str ", "|\n", ">\n", "#", "---", "...", "\t", ":", "backoff: ", "exit_codes: ", "[0, 2]", "x-anchors: ",
        "forward_signals: ", "[USR1]", "autostart: ", "on_dependency_failure: ", "stop", "notify: ", "health: ",
    ];

    private static readonly string[] IniTokens =
    [
        "[program:web]", "[program:db]", "[supervisord]", "[unix_http_server]", "[inet_http_server]", "[group:g]",
        "[eventlistener:e]", "[supervisorctl]", "[rpcinterface:supervisor]", "\n", " ", "=", ":", ";", "#", " ;c",
        "command=", "/bin/sleep 1", "sh -c 'echo %(ENV_HOME)s'", "%(program_name)s", "%(process_num)02d", "%(", ")s", "%%",
        "numprocs=", "2", "0", "-1", "process_name=", "autorestart=", "true", "false", "unexpected", "startsecs=", "stopsignal=",
        "TERM", "BOGUS", "stopwaitsecs=", "environment=", "A=\"1\",B=2", "priority=", "999", "user=", "nobody", "directory=",
        "/tmp", "stdout_logfile=", "/dev/stdout", "NONE", "AUTO", "stdout_logfile_maxbytes=", "50MB", "1KB", "x", "programs=",
        "web,db", "port=", "127.0.0.1:9001", "*:9001", "username=", "password=", "{SHA}abc", "file=", "/run/s.sock", "chmod=",
        "0700", "chown=", "root:root", "exitcodes=", "0,2", "events=", "PROCESS_STATE", "buffer_size=", "\t", "\"", "'", "\\",
    ];

    [Property(MaxTest = 400)]
    public bool TendYaml_AnyText_NeverThrowsAndLocatesEveryError(int seed, string noise)
    {
        var text = Inputs.Assemble(seed, noise, YamlTokens);
        var result = ConfigLoader.LoadText(text, "tend.yaml", Env);
        return IsWellFormed(result, "tend.yaml", text);
    }

    [Property(MaxTest = 400)]
    public bool SupervisordIni_AnyText_NeverThrowsAndLocatesEveryError(int seed, string noise)
    {
        var text = Inputs.Assemble(seed, noise, IniTokens);
        if (text.Contains("[include]", StringComparison.Ordinal)) return true; // would read other files
        var result = SupervisordConfigLoader.LoadText(text, "supervisord.conf", Env, "host");
        return IsWellFormed(result, "supervisord.conf", text);
    }

    private static readonly string[] CrontabTokens =
    [
        "\n", "\r\n", " ", "\t", "#", "*", "*/5", "0", "59", "60", "1-5", "5-1", "1,2", "MON", "JAN", "?", "L", "W", "#2",
        "@hourly", "@daily", "@every ", "30s", "1h30m", "-1s", "@reboot", "@bogus", "2099", "1969", "root", "nobody",
        "SHELL=", "/bin/bash", "CRON_TZ=", "Europe/Paris", "Nowhere/Land", "PATH=", "FOO = \"bar baz\"", "'", "\"", "=",
        "echo hi", "/usr/bin/backup.sh", "%", "> /dev/null 2>&1",
    ];

    [Property(MaxTest = 400)]
    public bool Crontab_AnyText_NeverThrowsAndLocatesEveryErrorOnItsLine(int seed, string noise, bool system)
    {
        var text = Inputs.Assemble(seed, noise, CrontabTokens);
        var diagnostics = new DiagnosticBag();
        var jobs = Tend.Config.Crontab.CrontabReader.Read(text, "crontab", system, diagnostics);
        var lines = text.Split('\n').Length;
        foreach (var d in diagnostics.ToSortedList())
        {
            if (d.Severity != Severity.Error) continue;
            if (d.Location is not { } at || at.File != "crontab" || at.Line < 1 || at.Line > lines)
                throw new Xunit.Sdk.XunitException($"unlocated or misplaced error: {d}\n--- input ---\n{text}");
        }
        // Every job read has a schedule and a command, and names never repeat.
        return jobs.All(j => j.Schedule.Text.Length > 0 && j.Command.Count > 0) && jobs.Select(j => j.Name).Distinct().Count() == jobs.Count;
    }

    [Property(MaxTest = 300)]
    public bool ServiceDirNumberFiles_AnyContent_ANumberOrALocatedError(string content)
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, content ?? "");
            var diagnostics = new DiagnosticBag();
            var n = ServiceDirFiles.ReadNumber(path, diagnostics, "hint");
            var ms = ServiceDirFiles.ReadMilliseconds(path, new DiagnosticBag());
            var errors = diagnostics.ToSortedList();
            return n is null
                ? errors.Count == 1 && errors[0].Location == new SourceLocation(path, 1)
                : errors.Count == 0 && n >= 0 && (n == 0 ? ms is null : ms == TimeSpan.FromMilliseconds(n.Value));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Property(MaxTest = 300)]
    public bool ByteSize_RoundTrips(uint megabytes, bool binary)
    {
        var n = megabytes % 4096;
        var (text, expected) = binary ? ($"{n}MiB", (long)n << 20) : ($"{n} MB", n * 1_000_000L);
        return ScalarReaders.ParseByteSize(text) == expected && ScalarReaders.ParseByteSize(n.ToString()) == n;
    }

    private static bool IsWellFormed(ConfigResult result, string file, string text)
    {
        // YAML breaks lines at LF, CR, CRLF, NEL, LS and PS: any of them may start a new line number.
        var lines = text.Replace("\r\n", "\n").Count(c => c is '\n' or '\r' or '\u0085' or '\u2028' or '\u2029') + 2;
        foreach (var d in result.Diagnostics)
        {
            if (d.Severity != Severity.Error) continue;
            if (d.Location is not { } at || at.File != file || at.Line < 1 || at.Line > lines)
                throw new Xunit.Sdk.XunitException($"unlocated or misplaced error: {d}\n--- input ---\n{text}");
            if (string.IsNullOrWhiteSpace(d.Message)) throw new Xunit.Sdk.XunitException($"empty error message: {d}");
        }
        return result.HasErrors ? result.Config is null : result.Config is not null;
    }
}
