using System.Text.RegularExpressions;
using Tend.Config;
using Tend.Config.ServiceDirs;
using Tend.Config.Supervisord;
using Tend.UnitTests.Config.Supervisord;

namespace Tend.UnitTests.Docs;

/// <summary>
/// Issue 19, item 3: every S6_* variable and supervisord key that Tend reports as not supported is
/// listed, with why, in docs/formats/. The names come from the code itself: S6EnvironmentReader's
/// table, and the warnings the readers give for each documented key (SupervisordKeys' lists).
/// </summary>
public sealed class UnsupportedNamesDocumentedTests
{
    private static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !System.IO.File.Exists(Path.Combine(dir.FullName, "Tend.slnx"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
        }
    }

    /// <summary>The text of a docs/formats page from <paramref name="heading"/> to the next heading of the same level.</summary>
    private static string Section(string page, string heading)
    {
        var text = System.IO.File.ReadAllText(Path.Combine(RepoRoot, "docs", "formats", page));
        var start = text.IndexOf(heading, StringComparison.Ordinal);
        Assert.True(start >= 0, $"{page} has no '{heading}'");
        var end = text.IndexOf("\n## ", start + heading.Length, StringComparison.Ordinal);
        return end < 0 ? text[start..] : text[start..end];
    }

    /// <summary>s6-overlay's README (just-containers/s6-overlay@9658b23e53) documents these S6_* variables.</summary>
    public static readonly string[] S6OverlayDocumented =
    [
        "S6_BEHAVIOUR_IF_STAGE2_FAILS", "S6_CATCHALL_USER", "S6_CMD_ARG0", "S6_CMD_RECEIVE_SIGNALS", "S6_CMD_USE_TERMINAL",
        "S6_CMD_WAIT_FOR_SERVICES", "S6_CMD_WAIT_FOR_SERVICES_MAXTIME", "S6_FIX_ATTRS_HIDDEN", "S6_KEEP_ENV",
        "S6_KILL_FINISH_MAXTIME", "S6_KILL_GRACETIME", "S6_LOGGING", "S6_LOGGING_SCRIPT", "S6_READ_ONLY_ROOT",
        "S6_RUNTIME_BUNDLEDIR", "S6_RUNTIME_PROFILE", "S6_SERVICES_GRACETIME", "S6_SERVICES_READYTIME", "S6_STAGE2_HOOK",
        "S6_SYNC_DISKS", "S6_VERBOSITY", "S6_WAIT_FOR_CLOSING_FD", "S6_YES_I_WANT_A_WORLD_WRITABLE_RUN_BECAUSE_KUBERNETES",
    ];

    [Fact]
    public void Every_S6_variable_Tend_does_not_support_is_in_the_docs_table_with_the_reason_the_warning_gives()
    {
        var table = Section("s6-overlay.md", "Not supported");
        foreach (var (name, why) in S6EnvironmentReader.NotSupported)
        {
            Assert.True(table.Contains($"`{name}`", StringComparison.Ordinal), $"docs/formats/s6-overlay.md does not list {name} as not supported");
            var diagnostics = new DiagnosticBag();
            S6EnvironmentReader.Read(new Dictionary<string, string> { [name] = "1" }, diagnostics);
            var warning = Assert.Single(diagnostics.ToSortedList());
            Assert.Equal($"{name} is not supported by Tend and is ignored", warning.Message);
            Assert.Equal(why, warning.Hint);
        }
    }

    [Fact]
    public void Every_S6_variable_s6_overlay_documents_is_either_read_or_in_the_not_supported_table()
    {
        foreach (var name in S6OverlayDocumented)
        {
            var diagnostics = new DiagnosticBag();
            S6EnvironmentReader.Read(new Dictionary<string, string> { [name] = "1" }, diagnostics);
            var unsupported = diagnostics.ToSortedList().Any(d => d.Message == $"{name} is not supported by Tend and is ignored");
            Assert.True(unsupported == S6EnvironmentReader.NotSupported.ContainsKey(name),
                $"{name}: {(unsupported ? "reported as not supported but missing from S6EnvironmentReader.NotSupported" : "read, yet listed as not supported")}");
        }
    }

    /// <summary>A value each key accepts (or at least parses), so only "not supported" warnings remain to look at.</summary>
    private static string Sample(string key) => key switch
    {
        "command" => "/bin/a",
        "environment" => "A=1",
        "events" => "PROCESS_STATE",
        "stopsignal" => "TERM",
        "serverurl" => "AUTO",
        "port" => "127.0.0.1:9001",
        "chmod" or "umask" => "0700",
        "chown" or "user" => "nobody",
        "loglevel" => "info",
        "process_name" => "%(program_name)s",
        "autorestart" => "unexpected",
        "result_handler" => "mod:handler",
        "supervisor.rpcinterface_factory" => SupervisordKeys.MainRpcInterface,
        _ when key.EndsWith("file", StringComparison.Ordinal) || key.EndsWith("dir", StringComparison.Ordinal) || key == "directory" => "/tmp",
        _ when key.StartsWith("auto", StringComparison.Ordinal) || key.EndsWith("enabled", StringComparison.Ordinal)
            || key.EndsWith("asgroup", StringComparison.Ordinal) || key.EndsWith("syslog", StringComparison.Ordinal)
            || key is "redirect_stderr" or "nodaemon" or "nocleanup" or "strip_ansi" or "silent" => "true",
        _ => "1",
    };

    [Fact]
    public void Every_supervisord_key_Tend_reports_as_not_supported_is_in_the_docs_table()
    {
        var table = Section("supervisord.md", "## What Tend does not support");
        (string Section, IReadOnlyList<string> Keys)[] sections =
        [
            ("supervisord", SupervisordKeys.Supervisord), ("program:a", SupervisordKeys.Program),
            ("eventlistener:l", SupervisordKeys.EventListener), ("supervisorctl", SupervisordKeys.Supervisorctl),
            ("unix_http_server", SupervisordKeys.UnixHttpServer), ("inet_http_server", SupervisordKeys.InetHttpServer),
            ("group:g", SupervisordKeys.Group),
        ];
        var notSupported = new Regex(@"^(\S+) in \[[^\]]+\] is not supported by Tend and is ignored$");
        var found = new List<string>();
        foreach (var (section, keys) in sections)
            foreach (var key in keys.Where(k => k is not (SupervisordKeys.TendMain or SupervisordKeys.TendCritical)))
            {
                var body = section == "program:a" ? "" : "[program:a]\ncommand=/bin/a\n";
                var ini = section == "program:a"
                    ? $"[program:a]\n{(key == "command" ? "" : "command=/bin/a\n")}{key}={Sample(key)}\n"
                    : $"[{section}]\n{key}={Sample(key)}\n{(section == "group:g" && key != "programs" ? "programs=a\n" : "")}" + (section.StartsWith("eventlistener", StringComparison.Ordinal) && key != "command" ? "command=/bin/l\n" + (key != "events" ? "events=PROCESS_STATE\n" : "") : "") + body;
                foreach (var d in IniTestSupport.Load(ini).Diagnostics)
                    if (notSupported.Match(d.Message) is { Success: true } m)
                    {
                        found.Add(m.Groups[1].Value);
                        Assert.True(table.Contains($"`{m.Groups[1].Value}`", StringComparison.Ordinal) || table.Contains($"{m.Groups[1].Value}`", StringComparison.Ordinal),
                            $"[{section}] {key}: '{d.Message}', but docs/formats/supervisord.md's table does not list {m.Groups[1].Value}");
                    }
            }
        // The test saw the warnings it is about (the ones the table lists today).
        Assert.Superset(new HashSet<string> { "directory", "nocleanup", "history_file", "result_handler", "stdout_capture_maxbytes" }, found.ToHashSet());
    }
}
