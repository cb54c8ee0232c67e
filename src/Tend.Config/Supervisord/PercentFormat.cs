using System.Globalization;
using System.Text;

namespace Tend.Config.Supervisord;

/// <summary>
/// Python's <c>text % mapping</c>, the only expansion supervisord has: <c>%(name)s</c>,
/// <c>%(name)d</c>, <c>%(name)02d</c>, <c>%(name)x</c> … and <c>%%</c> for a literal '%'.
/// Flags (<c>-0+ #</c>), width and precision work as in Python for s, r, d, i, u, o, x, X, f, F.
/// Values are strings or integers; like Python, <c>%d</c> of a string is an error.
/// </summary>
internal static class PercentFormat
{
    /// <summary>What went wrong: a name that is not in the mapping, or a malformed or mismatched format.</summary>
    public sealed record Failure(string? MissingName, string Message);

    /// <summary>
    /// Python pads to any width; a config that asks for more than this is a mistake, and a width of
    /// two billion would make Tend allocate gigabytes (found by the fuzzer: such a width overflowed int).
    /// </summary>
    public const int MaxWidth = 4096;

    public static bool TryFormat(string text, IReadOnlyDictionary<string, object> values, out string result, out Failure? failure)
    {
        var output = new StringBuilder(text.Length);
        result = "";
        failure = null;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i++];
            if (c != '%') { output.Append(c); continue; }
            if (i >= text.Length) { failure = new(null, "a '%' ends the text"); return false; }
            if (text[i] == '%') { output.Append('%'); i++; continue; }
            if (text[i] != '(')
            {
                // Python would format the whole mapping here (its repr), which is never what was meant.
                failure = new(null, $"'%{text[i]}' has no (name)");
                return false;
            }
            if (!TryReadName(text, ref i, out var name)) { failure = new(null, "a '%(' has no closing ')'"); return false; }
            // Python looks the name up before it reads the rest of the format; so do we.
            if (!values.TryGetValue(name, out var value) && !ExpansionNames.TryKeptReference(values, name, out value))
            {
                failure = new(name, $"'{name}' is not a name that can be expanded");
                return false;
            }
            var spec = ReadSpec(text, ref i);
            if (spec.Width > MaxWidth || spec.Precision > MaxWidth)
            {
                failure = new(null, $"%({name}){spec.Text}: a width or precision over {MaxWidth}");
                return false;
            }
            if (spec.Conversion == '\0') { failure = new(null, $"'%({name})' has no conversion character, e.g. 's' or 'd'"); return false; }
            if (!TryConvert(spec, value, out var converted, out var error)) { failure = new(null, $"%({name}){spec.Text}: {error}"); return false; }
            output.Append(Pad(converted, spec));
        }
        result = output.ToString();
        return true;
    }

    /// <summary>Python counts nested parentheses in the name, so "%(a(b))s" names "a(b)".</summary>
    private static bool TryReadName(string text, ref int i, out string name)
    {
        var depth = 1;
        var start = ++i;
        for (; i < text.Length; i++)
        {
            if (text[i] == '(') depth++;
            else if (text[i] == ')' && --depth == 0) break;
        }
        name = i < text.Length ? text[start..i] : "";
        if (i >= text.Length) return false;
        i++;
        return true;
    }

    private sealed record Spec(string Flags, int? Width, int? Precision, char Conversion, string Text);

    private static Spec ReadSpec(string text, ref int i)
    {
        var start = i;
        var flags = new StringBuilder();
        while (i < text.Length && "-+ #0".Contains(text[i])) flags.Append(text[i++]);
        var width = ReadNumber(text, ref i);
        int? precision = null;
        if (i < text.Length && text[i] == '.') { i++; precision = ReadNumber(text, ref i) ?? 0; }
        while (i < text.Length && "hlL".Contains(text[i])) i++; // length modifiers: accepted and ignored, as in Python
        var conversion = i < text.Length ? text[i++] : '\0';
        return new Spec(flags.ToString(), width, precision, conversion, text[start..i]);
    }

    private static int? ReadNumber(string text, ref int i)
    {
        var start = i;
        while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
        if (i == start) return null;
        // Past int's range it is past MaxWidth too: the caller refuses it.
        return int.TryParse(text.AsSpan(start, i - start), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : int.MaxValue;
    }

    private static bool TryConvert(Spec spec, object value, out string converted, out string? error)
    {
        converted = "";
        error = null;
        var number = value as long?;
        switch (spec.Conversion)
        {
            case 's':
                converted = Truncate(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "", spec.Precision);
                return true;
            case 'r':
                converted = Truncate(number is { } n ? n.ToString(CultureInfo.InvariantCulture) : $"'{value}'", spec.Precision);
                return true;
            case 'd' or 'i' or 'u' or 'o' or 'x' or 'X' or 'f' or 'F':
                if (number is not { } v) { error = $"%{spec.Conversion} needs a number, and the value is text"; return false; }
                converted = FormatNumber(v, spec);
                return true;
            default:
                error = $"unsupported format character '{spec.Conversion}'";
                return false;
        }
    }

    private static string Truncate(string s, int? precision) => precision is { } p && p < s.Length ? s[..p] : s;

    private static string FormatNumber(long value, Spec spec)
    {
        var magnitude = (ulong)Math.Abs(value);
        var digits = spec.Conversion switch
        {
            'o' => Convert.ToString((long)magnitude, 8),
            'x' => magnitude.ToString("x", CultureInfo.InvariantCulture),
            'X' => magnitude.ToString("X", CultureInfo.InvariantCulture),
            'f' or 'F' => ((double)magnitude).ToString("F" + (spec.Precision ?? 6), CultureInfo.InvariantCulture),
            _ => magnitude.ToString(CultureInfo.InvariantCulture),
        };
        if (spec.Precision is { } p && spec.Conversion is not ('f' or 'F')) digits = digits.PadLeft(p, '0');
        if (spec.Flags.Contains('#'))
            digits = spec.Conversion switch { 'o' => "0o" + digits, 'x' => "0x" + digits, 'X' => "0X" + digits, _ => digits };
        var sign = value < 0 ? "-" : spec.Flags.Contains('+') ? "+" : spec.Flags.Contains(' ') ? " " : "";
        if (spec.Flags.Contains('0') && !spec.Flags.Contains('-') && spec.Width is { } w)
        {
            // Zero padding goes between the sign (and 0x prefix) and the digits, as in C.
            var prefixLength = spec.Flags.Contains('#') && spec.Conversion is 'o' or 'x' or 'X' ? 2 : 0;
            var body = digits[prefixLength..].PadLeft(Math.Max(0, w - sign.Length - prefixLength), '0');
            return sign + digits[..prefixLength] + body;
        }
        return sign + digits;
    }

    private static string Pad(string s, Spec spec) =>
        spec.Width is not { } w ? s : spec.Flags.Contains('-') ? s.PadRight(w) : s.PadLeft(w);
}
