using System.Globalization;
using Tend.Model;

namespace Tend.Config.Supervisord;

/// <summary>
/// supervisord's value types (supervisor/datatypes.py): each parser returns the value, or null
/// with the hint that the error message should carry.
/// </summary>
internal static class SupervisordValues
{
    private static readonly string[] Truthy = ["yes", "true", "on", "1"];
    private static readonly string[] Falsy = ["no", "false", "off", "0"];

    public const string BooleanHint = "use true or false (yes/no, on/off and 1/0 also work)";
    public const string IntegerHint = "expected a whole number, e.g. 10";
    public const string ByteSizeHint = "expected a size in bytes, optionally with KB, MB or GB, e.g. 50MB (0 means no limit)";
    public const string OctalHint = "expected an octal number, e.g. 022";
    public const string ExitCodesHint = "expected a comma-separated list of exit codes between 0 and 255, e.g. 0,2";
    public const string AutoRestartHint = "use true, false or unexpected";

    public static bool? Boolean(string text)
    {
        var s = text.ToLowerInvariant();
        return Truthy.Contains(s) ? true : Falsy.Contains(s) ? false : null;
    }

    /// <summary>Python's int(): surrounding blanks, a sign and '_' between digits are allowed.</summary>
    public static long? Integer(string text)
    {
        var s = text.Trim();
        if (s.Contains("__") || s.StartsWith('_') || s.EndsWith('_')) return null;
        return long.TryParse(s.Replace("_", ""), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : null;
    }

    /// <summary>"50MB" → 52428800: KB, MB and GB in any case, powers of 1024.</summary>
    public static long? ByteSize(string text)
    {
        var s = text.Trim().ToLowerInvariant();
        long multiplier = 1;
        if (s.EndsWith("kb", StringComparison.Ordinal)) multiplier = 1024;
        else if (s.EndsWith("mb", StringComparison.Ordinal)) multiplier = 1024 * 1024;
        else if (s.EndsWith("gb", StringComparison.Ordinal)) multiplier = 1024L * 1024 * 1024;
        if (multiplier > 1) s = s[..^2];
        return Integer(s) is { } n ? n * multiplier : null;
    }

    /// <summary>Python's int(text, 8): "022", "0o22" and "22" are all 18.</summary>
    public static int? Octal(string text)
    {
        var s = text.Trim();
        if (s.StartsWith("0o", StringComparison.OrdinalIgnoreCase)) s = s[2..];
        if (s.Length == 0 || s.Any(c => c is < '0' or > '7')) return null;
        try { return Convert.ToInt32(s, 8); }
        catch (OverflowException) { return null; }
    }

    /// <summary>"0,2"; an empty value is an empty list, as in supervisord.</summary>
    public static IReadOnlyList<int>? ExitCodes(string text)
    {
        if (text.Length == 0) return [];
        var codes = new List<int>();
        foreach (var part in text.Split(','))
        {
            if (Integer(part) is not { } code || code is < 0 or > 255) return null;
            codes.Add((int)code);
        }
        return codes;
    }

    /// <summary>A signal name with or without SIG, in any case, or its number.</summary>
    public static int? Signal(string text) => Signals.TryParse(text, out var signal) ? signal : null;

    public static string SignalHint => $"expected a signal name or number, e.g. TERM, INT, QUIT, HUP, KILL, USR1, USR2 or 15";

    /// <summary>
    /// autorestart. unexpected maps to <see cref="RestartPolicy.OnFailure"/>: restart only when
    /// the exit code is not in exitcodes, which is exactly supervisord's meaning.
    /// </summary>
    public static RestartPolicy? AutoRestart(string text)
    {
        var s = text.ToLowerInvariant();
        if (s == "unexpected") return RestartPolicy.OnFailure;
        return Boolean(s) switch { true => RestartPolicy.Always, false => RestartPolicy.Never, null => null };
    }
}
