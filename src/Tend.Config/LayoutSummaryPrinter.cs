using System.Globalization;
using System.Text;
using Tend.Model;

namespace Tend.Config;

/// <summary>
/// For <c>tend check</c> on a runit tree or an s6-overlay root: what was understood that tend.yaml
/// cannot express (kinds, finish and down commands, notification, pipes, S6_* settings, shutdown
/// commands), as YAML comments, so the effective configuration after it still loads. Nothing for
/// tend.yaml and supervisord.conf.
/// </summary>
public static class LayoutSummaryPrinter
{
    public static string Print(TendConfig config)
    {
        if (config.Layout is not (ConfigLayout.Runit or ConfigLayout.S6Overlay)) return "";
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"# layout: {(config.Layout == ConfigLayout.Runit ? "runit service tree" : "s6-overlay v3 root")} {config.Source}\n");
        if (config.S6 is { } s6)
        {
            sb.Append(CultureInfo.InvariantCulture,
                $"# S6_BEHAVIOUR_IF_STAGE2_FAILS={(int)s6.Stage2Failure} S6_CMD_RECEIVE_SIGNALS={(s6.CmdReceiveSignals ? 1 : 0)} " +
                $"S6_CMD_WAIT_FOR_SERVICES={(s6.CmdWaitForServices ? 1 : 0)} S6_CMD_WAIT_FOR_SERVICES_MAXTIME={Ms(s6.CmdWaitForServicesMaxTime)} " +
                $"S6_KILL_GRACETIME={Ms(s6.KillGraceTime)} S6_SERVICES_GRACETIME={Ms(s6.ServicesGraceTime)}\n");
            var logging = s6.Logging == S6Logging.Console ? "0 (to the container's output)"
                : $"{(int)s6.Logging} (catch-all log {s6.CatchAllDirectory}/current, {s6.CatchAllMaxBytes} bytes x {s6.CatchAllBackups + 1} files)";
            sb.Append(CultureInfo.InvariantCulture, $"# S6_KEEP_ENV={(s6.KeepEnv ? 1 : 0)} S6_LOGGING={logging} S6_VERBOSITY={s6.Verbosity}\n");
        }
        foreach (var p in config.Programs)
        {
            var parts = new List<string> { p.Kind == ProgramKind.Oneshot ? "oneshot" : "longrun" };
            if (p.Main) parts.Add("the CMD: its exit code is the container's");
            if (!p.AutoStart) parts.Add("down (not started)");
            if (p.FinishCommand is { } finish) parts.Add($"finish {string.Join(' ', finish)} ({(p.FinishStyle == FinishStyle.S6 ? "s6" : "runit")} arguments, timeout {Ms(p.FinishTimeout)})");
            if (p.DownCommand is { } down) parts.Add($"down {string.Join(' ', down)} (timeout {Ms(p.DownTimeout)})");
            if (p.StartTimeout is { } up) parts.Add($"start timeout {Ms(up)}");
            if (p.NotificationFd is { } fd) parts.Add($"ready when it writes a line to fd {fd}");
            if (p.SdNotify) parts.Add("ready on sd_notify READY=1");
            if (p.StdinFrom is { } from) parts.Add($"reads the output of {from}");
            if (config.S6 is not null) parts.Add(p.CleanEnvironment ? "environment reset (PATH only)" : "the container's environment");
            sb.Append(CultureInfo.InvariantCulture, $"#   {p.Name}: {string.Join("; ", parts)}\n");
        }
        foreach (var c in config.ShutdownCommands)
            sb.Append(CultureInfo.InvariantCulture, $"#   at shutdown, after the programs: {c.Name}: {string.Join(' ', c.Command)} (timeout {Ms(c.Timeout)})\n");
        return sb.ToString();
    }

    private static string Ms(TimeSpan? t) => t is { } v ? ((long)v.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms" : "none";
}
