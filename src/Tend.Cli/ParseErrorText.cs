using System.CommandLine.Parsing;

namespace Tend.Cli;

/// <summary>
/// The last guard on what a parse error says. Tend's options read their values themselves
/// (<see cref="Commands.OptionValues"/>), so System.CommandLine's conversion messages, which name
/// .NET types ("as expected type 'System.Boolean'"), should not occur; if one still does, the user
/// reads which option and value were refused instead of a type name.
/// </summary>
internal static class ParseErrorText
{
    public static string Of(ParseError error)
    {
        var message = error.Message;
        if (!Leaks(message)) return message;
        var (name, tokens) = error.SymbolResult switch
        {
            OptionResult o => (o.Option.Name, o.Tokens),
            ArgumentResult { Parent: OptionResult o } a => (o.Option.Name, a.Tokens),
            ArgumentResult a => (a.Argument.Name, a.Tokens),
            _ => ("a value", (IReadOnlyList<Token>)[]),
        };
        var value = tokens.Count > 0 ? $"'{tokens[0].Value}'" : "its value";
        return $"{name}: {value} is not valid here; see the verb's --help for what it expects";
    }

    /// <summary>A .NET type name or resource key in a message meant for people.</summary>
    public static bool Leaks(string message) =>
        message.Contains("System.", StringComparison.Ordinal) || message.Contains('`') || message.Contains("Arg_", StringComparison.Ordinal);
}
