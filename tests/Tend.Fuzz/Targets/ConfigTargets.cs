using System.Text;
using Tend.Config;
using Tend.Config.Crontab;
using Tend.Config.ServiceDirs;
using Tend.Config.Supervisord;
using Tend.Model;

namespace Tend.Fuzz.Targets;

/// <summary>
/// The configuration readers. Their documented error outcome is a result with located error
/// diagnostics (and no configuration); an exception, an unlocated or misplaced error, or a result
/// with neither configuration nor error is a finding. The same checks as the FsCheck properties
/// in tests/Tend.UnitTests/Properties/ConfigReaderProperties.cs.
/// </summary>
internal static class ConfigTargets
{
    private static readonly Dictionary<string, string> Env = new() { ["HOME"] = "/root", ["PORT"] = "80" };

    public static void TendYaml(byte[] input)
    {
        var text = Encoding.UTF8.GetString(input);
        Check(ConfigLoader.LoadText(text, "tend.yaml", Env), "tend.yaml", text);
    }

    public static void SupervisordIni(byte[] input)
    {
        var text = Encoding.UTF8.GetString(input);
        // [include] reads other files by glob: not a parser's business, and the fuzzer would walk the disk.
        if (text.Contains("include", StringComparison.OrdinalIgnoreCase)) return;
        Check(SupervisordConfigLoader.LoadText(text, "supervisord.conf", Env, "host"), "supervisord.conf", text);
    }

    /// <summary>
    /// A file that [include] reads (conf.d/fuzz.conf under a main file that includes conf.d/*.conf):
    /// errors in it must name it and one of its lines. An [include] of its own is followed only when
    /// its patterns stay in conf.d (no '/', no %(...)s that could expand to a path), so the fuzzer
    /// never walks the disk.
    /// </summary>
    public static void SupervisordInclude(byte[] input)
    {
        var text = Encoding.UTF8.GetString(input);
        if (text.Contains("include", StringComparison.OrdinalIgnoreCase) && (text.Contains('/') || text.Contains("%(", StringComparison.Ordinal))) return;
        var dir = Path.Combine(Path.GetTempPath(), $"tend-fuzz-include-{Environment.ProcessId}");
        var main = Path.Combine(dir, "supervisord.conf");
        var included = Path.Combine(dir, "conf.d", "fuzz.conf");
        Directory.CreateDirectory(Path.GetDirectoryName(included)!);
        File.WriteAllText(included, text);
        const string MainText = "[supervisord]\nnodaemon=true\n\n[include]\nfiles=conf.d/*.conf\n";
        var result = SupervisordConfigLoader.LoadText(MainText, main, Env, "host");
        CheckLocations(result, new Dictionary<string, string> { [main] = MainText, [included] = text });
    }

    /// <summary>An s6-rc up or down file: an argv and no error, or exactly one error at one of its lines.</summary>
    public static void Execline(byte[] input)
    {
        var text = Encoding.UTF8.GetString(input);
        var diagnostics = new DiagnosticBag();
        var argv = ExeclineCommand.Parse(text, "up", diagnostics, out _);
        var errors = diagnostics.ToSortedList().Where(d => d.Severity == Severity.Error).ToList();
        var lines = text.Count(c => c == '\n') + 1;
        if (argv is null)
        {
            if (errors.Count != 1) throw new FuzzFinding($"no command and {errors.Count} errors");
            if (errors[0].Location is not { } at || at.File != "up" || at.Line < 1 || at.Line > lines)
                throw new FuzzFinding($"unlocated or misplaced error: {errors[0]}");
        }
        else if (errors.Count > 0 || argv.Count == 0)
        {
            throw new FuzzFinding($"a command of {argv.Count} words and {errors.Count} errors");
        }
    }

    public static void Crontab(byte[] input)
    {
        var text = Encoding.UTF8.GetString(input);
        var lines = text.Split('\n').Length;
        foreach (var system in new[] { false, true })
        {
            var diagnostics = new DiagnosticBag();
            var jobs = CrontabReader.Read(text, "crontab", system, diagnostics);
            foreach (var d in diagnostics.ToSortedList())
                if (d.Severity == Severity.Error && (d.Location is not { } at || at.File != "crontab" || at.Line < 1 || at.Line > lines))
                    throw new FuzzFinding($"unlocated or misplaced error: {d}");
            if (jobs.Any(j => j.Schedule.Text.Length == 0 || j.Command.Count == 0)) throw new FuzzFinding("a job without a schedule or a command");
            if (jobs.Select(j => j.Name).Distinct().Count() != jobs.Count) throw new FuzzFinding("two jobs with one name");
        }
    }

    /// <summary>notification-fd, timeout-* and the like: a number, or one error at file:1.</summary>
    public static void NumberFile(byte[] input)
    {
        var path = Path.Combine(Path.GetTempPath(), $"tend-fuzz-number-{Environment.ProcessId}");
        File.WriteAllBytes(path, input);
        var diagnostics = new DiagnosticBag();
        var n = ServiceDirFiles.ReadNumber(path, diagnostics, "hint");
        var ms = ServiceDirFiles.ReadMilliseconds(path, new DiagnosticBag());
        var errors = diagnostics.ToSortedList();
        var ok = n is null
            ? errors.Count == 1 && errors[0].Location == new SourceLocation(path, 1)
            : errors.Count == 0 && n >= 0 && (n == 0 ? ms is null : ms == TimeSpan.FromMilliseconds(n.Value));
        if (!ok) throw new FuzzFinding($"number {n?.ToString() ?? "none"}, milliseconds {ms}, errors: {string.Join("; ", errors)}");
    }

    private static void Check(ConfigResult result, string file, string text) =>
        CheckLocations(result, new Dictionary<string, string> { [file] = text });

    /// <summary>Every error names one of <paramref name="files"/> (path to text) and a line it has.</summary>
    private static void CheckLocations(ConfigResult result, Dictionary<string, string> files)
    {
        foreach (var d in result.Diagnostics)
        {
            if (d.Severity != Severity.Error) continue;
            if (d.Location is not { } at || !files.TryGetValue(at.File, out var text) || at.Line < 1 || at.Line > LineCount(text))
                throw new FuzzFinding($"unlocated or misplaced error: {d}");
            if (string.IsNullOrWhiteSpace(d.Message)) throw new FuzzFinding($"empty error message: {d}");
        }
        if (result.HasErrors != (result.Config is null)) throw new FuzzFinding("a configuration and errors, or neither");
    }

    // YAML breaks lines at LF, CR, CRLF, NEL, LS and PS: any of them may start a new line number.
    private static int LineCount(string text) =>
        text.Replace("\r\n", "\n").Count(c => c is '\n' or '\r' or '\u0085' or '\u2028' or '\u2029') + 2;
}
