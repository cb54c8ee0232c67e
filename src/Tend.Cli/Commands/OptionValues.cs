using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Tend.Config;

namespace Tend.Cli.Commands;

/// <summary>
/// Options whose values Tend reads itself, so that a bad value is a parse error (exit 100, before
/// anything starts) worded for people: "--lines: 'abc' is not a number; expected a whole number, 0
/// or more". System.CommandLine's own conversions name .NET types (System.Double,
/// System.Nullable`1[System.Int32]) and its choice errors do not name the option.
/// </summary>
internal static class OptionValues
{
    /// <summary>
    /// A duration as tend.yaml writes it (a bare number is seconds); negative ones are refused. Null
    /// when absent: the caller applies its default, which the help shows as written here ("3s"), not
    /// as a TimeSpan ("00:00:03").
    /// </summary>
    public static Option<TimeSpan?> Duration(string name, string description, TimeSpan defaultValue) => new(name)
    {
        Description = $"{description} [default: {Durations.Format(defaultValue)}]",
        HelpName = "DURATION",
        CustomParser = result =>
        {
            var text = Single(result);
            if (Durations.TryParse(text, out var value, out var error)) return value;
            result.AddError($"{OptionName(result)}: {error}; {Durations.Hint}");
            return null;
        },
    };

    /// <summary>A whole number, 0 or more; null when the option is absent.</summary>
    public static Option<int?> Count(string name, string alias, string description) => new(name, alias)
    {
        Description = description,
        HelpName = "N",
        CustomParser = result =>
        {
            var text = Single(result);
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return n;
            var why = text.StartsWith('-') && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)
                ? $"{text} is negative"
                : text.Length > 0 && text.All(char.IsAsciiDigit) ? $"{text} is too large (at most {int.MaxValue})"
                : $"'{text}' is not a number";
            result.AddError($"{OptionName(result)}: {why}; expected a whole number, 0 or more");
            return null;
        },
    };

    /// <summary>host:port for a listener, checked as tend.yaml's `http:` is.</summary>
    public static Option<string?> Address(string name, string description, string example) => new(name)
    {
        Description = description,
        HelpName = "ADDR:PORT",
        CustomParser = result =>
        {
            var text = Single(result);
            if (HostPortMessages.TryCheck(text, example, out var error)) return text.Trim();
            result.AddError($"{OptionName(result)}: {error.Message}; {error.Hint}");
            return null;
        },
    };

    /// <summary>A control socket path (or, where <paramref name="allowNone"/>, "none"): it must fit in sun_path.</summary>
    public static Option<string?> SocketPath(string name, string description, bool allowNone) => new(name)
    {
        Description = description,
        HelpName = "PATH",
        CustomParser = result =>
        {
            var text = Single(result);
            if (text.Length == 0)
                result.AddError($"{OptionName(result)}: the path is empty; expected the path of a Unix socket{(allowNone ? ", or none" : "")}");
            else if (!(allowNone && text == "none") && System.Text.Encoding.UTF8.GetByteCount(text) > MaxSocketPathBytes)
                result.AddError($"{OptionName(result)}: the path is {System.Text.Encoding.UTF8.GetByteCount(text)} bytes long; a Unix socket path is at most {MaxSocketPathBytes} bytes");
            return text;
        },
    };

    /// <summary>sun_path is 108 bytes on Linux, its terminating NUL included.</summary>
    public const int MaxSocketPathBytes = 107;

    /// <summary>One of a fixed set of words; the help shows them as WORD|WORD.</summary>
    public static Option<string> Choice(string name, string description, string defaultValue, params string[] choices) =>
        Choice(new Option<string>(name) { DefaultValueFactory = _ => defaultValue }, description, choices);

    public static Option<string> Choice(Option<string> option, string description, params string[] choices)
    {
        option.Description = description;
        option.HelpName = string.Join('|', choices);
        option.CustomParser = result =>
        {
            var text = Single(result);
            if (choices.Contains(text, StringComparer.Ordinal)) return text;
            result.AddError($"{OptionName(result)}: '{text}' is not one of {Listed(choices)}");
            return choices[0];
        };
        return option;
    }

    /// <summary>A flag: present means true; an explicit value must be true or false.</summary>
    public static Option<bool> Flag(string name, string description, params string[] aliases) => new(name, aliases)
    {
        Description = description,
        CustomParser = result =>
        {
            if (result.Tokens.Count == 0) return true;
            var text = result.Tokens[0].Value;
            if (bool.TryParse(text, out var value)) return value;
            result.AddError($"{OptionName(result)}: '{text}' is not true or false; expected the option alone, or with =true or =false");
            return false;
        },
    };

    /// <summary>"a, b or c".</summary>
    public static string Listed(IReadOnlyList<string> words) =>
        words.Count == 1 ? words[0] : $"{string.Join(", ", words.Take(words.Count - 1))} or {words[^1]}";

    private static string Single(ArgumentResult result) => result.Tokens.Count == 0 ? "" : result.Tokens[0].Value;

    private static string OptionName(ArgumentResult result) =>
        result.Parent is OptionResult option ? option.Option.Name : result.Argument.Name;
}
