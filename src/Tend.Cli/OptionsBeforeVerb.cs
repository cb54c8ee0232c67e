using System.CommandLine;

namespace Tend.Cli;

/// <summary>
/// Options may come before the verb they belong to: `tend ctl --socket P status`, `tend ctl -n 5
/// logs web` and `tend --socket P health` read as `tend ctl status --socket P`, and so on, as
/// supervisorctl's and sv's users type them. System.CommandLine accepts a verb's options only after
/// the verb, so the options found between a command and its verb are moved to just after the verb
/// when that verb (or one below it) has them. Anything else is left where it is, for the parser to
/// accept or to report: a command's own options, an unknown option, a positional argument.
/// </summary>
internal static class OptionsBeforeVerb
{
    public static string[] Reorder(Command root, string[] args)
    {
        var tokens = args.ToList();
        var command = root;
        var inherited = new List<Option>();
        var i = 0;
        while (true)
        {
            var own = command.Options.Concat(inherited).ToList();
            var pending = new List<string>();
            Command? verb = null;
            while (i < tokens.Count)
            {
                var token = tokens[i];
                verb = command.Subcommands.FirstOrDefault(s => s.Name == token || s.Aliases.Contains(token));
                if (verb is not null) break;
                if (token.Length < 2 || token[0] != '-') return [.. tokens]; // a positional argument: no verb follows here
                var (name, inline) = Split(token);
                if (Named(own, name) is { } mine)
                {
                    i += TakesValue(mine, inline) ? 2 : 1;
                    continue;
                }
                var theirs = Named(command.Subcommands.SelectMany(Below), name);
                if (theirs is null) return [.. tokens]; // unknown here: the parser says so
                var count = TakesValue(theirs, inline) ? 2 : 1;
                for (var k = 0; k < count && i < tokens.Count; k++)
                {
                    pending.Add(tokens[i]);
                    tokens.RemoveAt(i);
                }
            }
            if (verb is null) return [.. tokens];
            tokens.InsertRange(i + 1, pending);
            i++;
            inherited.AddRange(command.Options.Where(o => o.Recursive));
            command = verb;
        }
    }

    /// <summary>Every option of a command and of the commands below it.</summary>
    private static IEnumerable<Option> Below(Command command) => command.Options.Concat(command.Subcommands.SelectMany(Below));

    private static Option? Named(IEnumerable<Option> options, string name) =>
        options.FirstOrDefault(o => o.Name == name || o.Aliases.Contains(name));

    /// <summary>A flag takes no value token; nor does an option written "--name=value" or "--name:value".</summary>
    private static bool TakesValue(Option option, string? inline) =>
        inline is null && option.ValueType != typeof(bool) && option.Arity.MaximumNumberOfValues > 0;

    private static (string Name, string? Inline) Split(string token)
    {
        var at = token.IndexOfAny(['=', ':']);
        return at < 0 ? (token, null) : (token[..at], token[(at + 1)..]);
    }
}
