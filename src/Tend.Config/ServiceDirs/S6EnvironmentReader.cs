using System.Globalization;
using Tend.Model;

namespace Tend.Config.ServiceDirs;

/// <summary>
/// The S6_* variables of the environment given to the reader into <see cref="S6Settings"/>.
/// Every other S6_* variable is a warning: a container that sets one expects a behaviour Tend
/// does not provide, and must hear so rather than have it silently ignored.
/// </summary>
internal static class S6EnvironmentReader
{
    /// <summary>
    /// The S6_* variables s6-overlay documents that Tend knows and does not support, with why (the
    /// hint of their warning; docs/formats/s6-overlay.md lists each, a unit test checks it).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> NotSupported = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["S6_CATCHALL_USER"] = "Tend writes the catch-all log itself, as root; there is no s6-log process to run as another user",
        ["S6_SERVICES_READYTIME"] = "Tend knows when a service is up (it started it) and ready (notification-fd); it does not poll",
        ["S6_CMD_USE_TERMINAL"] = "the CMD always writes to the container's output, a terminal included",
        ["S6_READ_ONLY_ROOT"] = "Tend never writes to the scripts' directories, so a read-only root needs no copy to /run",
        ["S6_SYNC_DISKS"] = "the container's storage is the engine's to sync",
        ["S6_YES_I_WANT_A_WORLD_WRITABLE_RUN_BECAUSE_KUBERNETES"] = "Tend does not check /run's mode; there is nothing to allow",
        ["S6_WAIT_FOR_CLOSING_FD"] = "not implemented: Tend does not wait for a descriptor to close before starting",
        ["S6_RUNTIME_BUNDLEDIR"] = "not implemented: Tend reads /etc/s6-overlay/user-bundles.d and /etc/s6-overlay/s6-rc.d only",
        ["S6_RUNTIME_PROFILE"] = "not implemented: Tend reads /etc/cont-init.d, /etc/services.d and /etc/s6-overlay, not /etc/cont-profile.d",
    };

    public static S6Settings Read(IReadOnlyDictionary<string, string> environment, DiagnosticBag diagnostics)
    {
        var s = new S6Settings();
        foreach (var (key, raw) in environment.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (!key.StartsWith("S6_", StringComparison.Ordinal)) continue;
            var value = raw.Trim();
            switch (key)
            {
                case "S6_BEHAVIOUR_IF_STAGE2_FAILS":
                    if (Number(key, value, 0, 2, diagnostics) is { } b) s = s with { Stage2Failure = (S6Stage2Failure)b };
                    break;
                case "S6_KILL_GRACETIME":
                    if (Milliseconds(key, value, diagnostics) is { } kill) s = s with { KillGraceTime = kill };
                    break;
                case "S6_SERVICES_GRACETIME":
                    if (Milliseconds(key, value, diagnostics) is { } services) s = s with { ServicesGraceTime = services };
                    break;
                case "S6_KILL_FINISH_MAXTIME":
                    if (Milliseconds(key, value, diagnostics) is { } finish) s = s with { KillFinishMaxTime = finish };
                    break;
                case "S6_CMD_WAIT_FOR_SERVICES":
                    if (Number(key, value, 0, 1, diagnostics) is { } wait) s = s with { CmdWaitForServices = wait == 1 };
                    break;
                case "S6_CMD_WAIT_FOR_SERVICES_MAXTIME":
                    if (Milliseconds(key, value, diagnostics) is { } max) s = s with { CmdWaitForServicesMaxTime = max > TimeSpan.Zero ? max : null };
                    break;
                case "S6_KEEP_ENV":
                    if (Number(key, value, 0, 1, diagnostics) is { } keep) s = s with { KeepEnv = keep == 1 };
                    break;
                case "S6_LOGGING":
                    if (Number(key, value, 0, 2, diagnostics) is { } logging) s = s with { Logging = (S6Logging)logging };
                    break;
                case "S6_CMD_RECEIVE_SIGNALS":
                    if (Number(key, value, 0, 1, diagnostics) is { } receive) s = s with { CmdReceiveSignals = receive == 1 };
                    break;
                case "S6_VERBOSITY":
                    if (Number(key, value, 0, 5, diagnostics) is { } verbosity) s = s with { Verbosity = verbosity };
                    break;
                case "S6_LOGGING_SCRIPT":
                    s = LoggingScript(s, value, diagnostics);
                    break;
                case "S6_STAGE2_HOOK":
                    break; // run by `tend run` before the tree is read, as stage 2 runs it before s6-rc-compile
                case "S6_FIX_ATTRS_HIDDEN":
                    break; // read by `tend run` as it applies /etc/fix-attrs.d
                case "S6_CMD_ARG0":
                    if (ShellWords.TrySplit(value, out var words, out var error)) s = s with { CmdArg0 = words };
                    else diagnostics.Error(null, $"S6_CMD_ARG0: {error.Message}", error.Hint);
                    break;
                default:
                    diagnostics.Warning(null, $"{key} is not supported by Tend and is ignored",
                        NotSupported.TryGetValue(key, out var why) ? why :
                        "Tend reads S6_BEHAVIOUR_IF_STAGE2_FAILS, S6_KILL_GRACETIME, S6_SERVICES_GRACETIME, S6_KILL_FINISH_MAXTIME, " +
                        "S6_CMD_WAIT_FOR_SERVICES(_MAXTIME), S6_KEEP_ENV, S6_LOGGING, S6_LOGGING_SCRIPT (nNN and sNNN), S6_CMD_RECEIVE_SIGNALS, " +
                        "S6_VERBOSITY, S6_STAGE2_HOOK, S6_FIX_ATTRS_HIDDEN and S6_CMD_ARG0");
                    break;
            }
        }
        return s;
    }

    /// <summary>
    /// S6_LOGGING_SCRIPT, an s6-log script for the catch-all logger: its nNN (files kept) and sNNN
    /// (size of a file) set the rotation of Tend's catch-all file; every other directive (timestamps
    /// t and T, selections, processors, other sizes) is reported, since Tend's file does not do it.
    /// </summary>
    private static S6Settings LoggingScript(S6Settings s, string script, DiagnosticBag diagnostics)
    {
        var unsupported = new List<string>();
        foreach (var word in script.Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (word.Length > 1 && word[0] is 'n' or 's'
                && long.TryParse(word.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= int.MaxValue)
            {
                s = word[0] == 'n' ? s with { CatchAllBackups = (int)n } : s with { CatchAllMaxBytes = n };
                continue;
            }
            unsupported.Add(word);
        }
        if (unsupported.Count > 0)
            diagnostics.Warning(null, $"S6_LOGGING_SCRIPT: '{string.Join(' ', unsupported)}' is not supported and is ignored",
                "Tend's catch-all log honours only nNN (files kept) and sNNN (bytes per file); its lines carry no timestamps");
        if (s.Logging == S6Logging.Console && unsupported.Count == 0 && script.Length > 0)
            diagnostics.Warning(null, "S6_LOGGING_SCRIPT has no effect with S6_LOGGING=0", "it sets the catch-all log of S6_LOGGING=1 or 2");
        return s;
    }

    private static int? Number(string key, string value, int min, int max, DiagnosticBag diagnostics)
    {
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max) return n;
        diagnostics.Error(null, $"{key}='{value}' is not a number from {min} to {max}", $"set {key} to a value from {min} to {max}");
        return null;
    }

    private static TimeSpan? Milliseconds(string key, string value, DiagnosticBag diagnostics)
    {
        if (Durations.IsNegative(value))
        {
            diagnostics.Error(null, $"{key}: {Durations.Negative(value)}", $"set {key} to a number of milliseconds, 0 or more");
            return null;
        }
        return Number(key, value, 0, int.MaxValue, diagnostics) is { } ms ? TimeSpan.FromMilliseconds(ms) : null;
    }
}
