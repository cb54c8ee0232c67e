using System.Globalization;
using System.Text;
using Tend.Model;

namespace Tend.Config;

/// <summary>
/// Prints every program with every effective value, defaults included, for <c>tend check</c>: what
/// Tend will actually do, not what the file says. The output is itself a valid tend.yaml that loads
/// back to the same configuration, so it can be used as a fully explicit starting point. Programs
/// appear in start order: by priority, then declaration order.
/// </summary>
public static partial class EffectiveConfigPrinter
{
    public static string Print(TendConfig config) => Print(config, DateTimeOffset.UtcNow);

    /// <summary><paramref name="now"/>: the moment the jobs' next runs are computed from.</summary>
    public static string Print(TendConfig config, DateTimeOffset now)
    {
        var sb = new StringBuilder();
        var count = config.Programs.Count;
        var source = config.Source is null ? "" : $" of {YamlQuoting.Comment(config.Source)}";
        Line(sb, 0, $"# effective configuration{source}: {count} program{(count == 1 ? "" : "s")}, in start order");
        Line(sb, 0, $"socket: {OrNull(config.Socket, "the command line's, $TEND_SOCKET, or /run/tend.sock where /run is writable (else /tmp/tend-UID/)")}");
        Line(sb, 0, $"http: {OrNull(config.Http, "no HTTP listener")}");
        if (count == 0) Line(sb, 0, "programs: {}");
        else
        {
            Line(sb, 0, "programs:");
            foreach (var program in config.Programs.OrderBy(p => p.Priority)) PrintProgram(sb, program);
        }
        PrintJobs(sb, config.Jobs, now);
        return sb.ToString();
    }

    private static void PrintProgram(StringBuilder sb, ProgramSpec p)
    {
        Line(sb, 1, p.DefinedAt is null ? $"{Name(p.Name)}:" : $"{Name(p.Name)}:  # defined at {YamlQuoting.Comment(p.DefinedAt.ToString()!)}");
        Line(sb, 2, $"command: {List(p.Command.Select(a => Quote(a)))}");
        if (p.Environment.Count == 0) Line(sb, 2, "environment: {}");
        else
        {
            Line(sb, 2, "environment:");
            foreach (var (key, value) in p.Environment.OrderBy(e => e.Key, StringComparer.Ordinal))
                Line(sb, 3, $"{(IsPlainName(key) ? key : Quote(key, isValue: false))}: {Quote(value)}");
        }
        Line(sb, 2, $"working_dir: {OrNull(p.WorkingDir, "Tend's working directory")}");
        Line(sb, 2, $"user: {OrNull(p.User, "Tend's user")}");
        Line(sb, 2, $"group: {OrNull(p.Group, "the user's primary group")}");
        Line(sb, 2, p.Umask is { } umask ? $"umask: \"{Convert.ToString(umask, 8).PadLeft(3, '0')}\"" : "umask: ~  # Tend's umask");
        Line(sb, 2, $"restart: {Restart(p.Restart)}");
        Line(sb, 2, $"exit_codes: {List(p.ExitCodes.Select(Number))}");
        Line(sb, 2, $"start_seconds: {Durations.Format(p.StartSeconds)}");
        Line(sb, 2, $"start_retries: {Number(p.StartRetries)}");
        Line(sb, 2, "backoff:");
        Line(sb, 3, $"initial: {Durations.Format(p.Backoff.Initial)}");
        Line(sb, 3, $"max: {Durations.Format(p.Backoff.Max)}");
        Line(sb, 3, p.Backoff.Reset is { } reset ? $"reset: {Durations.Format(reset)}" : "reset: ~  # on reaching RUNNING");
        Line(sb, 2, $"stop_signal: {Signal(p.StopSignal)}");
        Line(sb, 2, $"stop_timeout: {Durations.Format(p.StopTimeout)}");
        Line(sb, 2, $"priority: {Number(p.Priority)}");
        Line(sb, 2, $"main: {Bool(p.Main)}");
        Line(sb, 2, $"critical: {Bool(p.Critical)}");
        Line(sb, 2, $"autostart: {Bool(p.AutoStart)}");
        Line(sb, 2, $"log_prefix: {Bool(p.LogPrefix)}");
        Line(sb, 2, $"forward_signals: {List(p.ForwardSignals.Select(Signal))}");
        if (p.DependsOn.Count == 0) Line(sb, 2, "depends_on: {}");
        else
        {
            Line(sb, 2, "depends_on:");
            foreach (var dependency in p.DependsOn)
                Line(sb, 3, $"{Name(dependency.Program)}: {{condition: {ScalarReaders.ConditionName(dependency.Condition)}}}");
        }
        Line(sb, 2, $"on_dependency_failure: {(p.OnDependencyFailure == OnDependencyFailure.Stop ? "stop" : "wait")}");
        Line(sb, 2, $"restart_with: {List(p.RestartWith.Select(Name))}");
        PrintProbe(sb, "readiness", p.Readiness, "no probe: ready once RUNNING");
        PrintProbe(sb, "liveness", p.Liveness, "no probe");
        Line(sb, 2, $"health: {(p.CountsForHealth ? "include" : "ignore")}");
        if (p.SdNotify) Line(sb, 2, "notify: systemd");
        PrintBeyondYaml(sb, p);
    }

    /// <summary>
    /// What a supervisord.conf or a service tree set that tend.yaml has no key for, as comments,
    /// so `tend check` shows everything Tend understood.
    /// </summary>
    private static void PrintBeyondYaml(StringBuilder sb, ProgramSpec p)
    {
        if (p.ProgramGroup is { } group && group != p.Name) Line(sb, 2, $"# group: {YamlQuoting.Comment(group)}");
        if (p.Stdout != LogOutputSpec.ToStdout) Line(sb, 2, $"# stdout: {YamlQuoting.Comment(Output(p.Stdout))}");
        if (p.RedirectStderr) Line(sb, 2, "# stderr: into stdout (redirect_stderr)");
        else if (p.Stderr != LogOutputSpec.ToStderr) Line(sb, 2, $"# stderr: {YamlQuoting.Comment(Output(p.Stderr))}");
        if (!p.StopAsGroup || !p.KillAsGroup)
            Line(sb, 2, $"# stop signal to: {(p.StopAsGroup ? "the process group" : "the program alone")}; SIGKILL to: {(p.KillAsGroup ? "the process group" : "the program alone")}");
        if (p.EventListener is { } listener)
            Line(sb, 2, $"# event listener for {string.Join(", ", listener.Events)} (buffer {Number(listener.BufferSize)}); its stdout is the protocol");
    }

    private static string Output(LogOutputSpec o)
    {
        var console = o.Console switch
        {
            ConsoleStream.Stdout => "Tend's stdout",
            ConsoleStream.Stderr => "Tend's stderr",
            _ => null,
        };
        var file = o.File is { } f
            ? $"file {f.Path} ({(f.MaxBytes == 0 ? "never rotated" : $"rotated at {f.MaxBytes} bytes, {f.Backups} backups")})"
            : null;
        return (console, file) switch
        {
            (null, null) => "discarded",
            (_, null) => console!,
            (null, _) => file!,
            _ => $"{console} and {file}",
        };
    }

    private static void PrintProbe(StringBuilder sb, string key, ProbeSpec? probe, string whenNone)
    {
        if (probe is null)
        {
            Line(sb, 2, $"{key}: ~  # {whenNone}");
            return;
        }
        Line(sb, 2, $"{key}:");
        Line(sb, 3, probe.Kind switch
        {
            ProbeKind.Http => $"http: {Quote(probe.Url ?? "")}",
            ProbeKind.Tcp => $"tcp: {Quote(probe.Address ?? "")}",
            _ => $"exec: {List(probe.Command.Select(a => Quote(a)))}",
        });
        Line(sb, 3, $"interval: {Durations.Format(probe.Interval)}");
        Line(sb, 3, $"timeout: {Durations.Format(probe.Timeout)}");
        Line(sb, 3, $"initial_delay: {Durations.Format(probe.InitialDelay)}");
        Line(sb, 3, $"failure_threshold: {Number(probe.FailureThreshold)}");
        Line(sb, 3, $"success_threshold: {Number(probe.SuccessThreshold)}");
    }

    /// <summary>A program name, plain unless YAML would read it as null ("null" is a valid name).</summary>
    private static string Name(string name) =>
        name is "null" or "Null" or "NULL" || !ProgramNames.HasValidSyntax(name) ? Quote(name, isValue: false) : name;

    private static string Restart(RestartPolicy policy) => policy switch
    {
        RestartPolicy.OnFailure => "on-failure",
        RestartPolicy.Never => "never",
        _ => "always",
    };

    /// <summary>The name when it reads back as the same signal ("TERM"); otherwise the number (34, not "SIG34").</summary>
    private static string Signal(int signal)
    {
        var name = Signals.Name(signal);
        return Signals.TryParse(name, out var back) && back == signal ? name : Number(signal);
    }

    private static string OrNull(string? value, string meaning) => value is null ? $"~  # {meaning}" : Quote(value);

    private static string List(IEnumerable<string> items) => $"[{string.Join(", ", items)}]";

    private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Bool(bool b) => b ? "true" : "false";

    /// <summary>
    /// A YAML double-quoted string. In values '${' is written '$${' so that loading it back does not
    /// expand it (keys are never expanded).
    /// </summary>
    internal static string Quote(string text, bool isValue = true) =>
        YamlQuoting.Quote(isValue ? text.Replace("${", "$${", StringComparison.Ordinal) : text);

    /// <summary>Names like PATH or LANG need no quotes as YAML keys.</summary>
    private static bool IsPlainName(string key) =>
        key.Length > 0 && (char.IsAsciiLetter(key[0]) || key[0] == '_') && key.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private static StringBuilder Line(StringBuilder sb, int indent, string text) =>
        sb.Append(' ', indent * 2).Append(text).Append('\n');
}
