using System.CommandLine;
using System.Text;

namespace Tend.Cli.Commands;

/// <summary>
/// `tend completion bash|zsh|fish`: a completion script on stdout, to source from a shell's
/// startup file. The verbs and options come from the very command tree Tend parses with, so the
/// script cannot fall behind it; program and job names come from the running Tend at each TAB,
/// through `tend ctl status` (silently nothing when no Tend answers: no error is printed at a TAB).
/// zsh uses the bash script through its bashcompinit, which every zsh ships.
/// </summary>
internal static class CompletionCommand
{
    private static readonly string[] Shells = ["bash", "zsh", "fish"];

    /// <summary>The ctl verbs whose arguments are program or job names.</summary>
    private static readonly HashSet<string> TakesNames = new(StringComparer.Ordinal)
    {
        "ctl status", "ctl start", "ctl stop", "ctl restart", "ctl signal", "ctl logs", "ctl run-job",
    };

    /// <summary>The options whose value is a file or directory: fish completes paths there.</summary>
    private static readonly HashSet<string> PathOptions = new(StringComparer.Ordinal)
    {
        "--socket", "--root", "--crontab", "--system-crontab", "--env-example", "--volume",
    };

    /// <summary>Lists the running Tend's programs and jobs, one per line; nothing (and no error) when none answers.</summary>
    private const string NamesCommand = "command tend ctl status 2>/dev/null | awk 'NF && $1 != \"NAME\" && $1 != \"JOB\" {print $1}'";

    public static Command Create(Func<IEnumerable<Command>> verbs)
    {
        var shell = new Argument<string>("SHELL") { Description = "bash, zsh or fish" };
        shell.AcceptOnlyFromAmong(Shells);
        var command = new Command("completion", "Print a shell completion script: source <(tend completion bash)") { shell };
        command.SetAction(parsed =>
        {
            var tree = Paths(verbs().Where(v => v.Name != "completion").Append(new Command("completion") { shell }), "");
            Console.Out.Write(parsed.GetValue(shell) switch
            {
                "fish" => Fish(tree),
                "zsh" => "# tend completion for zsh: source it, e.g. `source <(tend completion zsh)` in ~/.zshrc\n" +
                         "autoload -U +X bashcompinit && bashcompinit\n" + Bash(tree),
                _ => Bash(tree),
            });
            return 0;
        });
        return command;
    }

    /// <summary>One command of the tree: its path ("ctl restart"), subcommands, options, and fixed choices for its argument.</summary>
    private sealed record Node(string Path, IReadOnlyList<(string Name, string Description)> Subcommands, IReadOnlyList<string> Options, IReadOnlyList<string> Choices)
    {
        /// <summary>The options that take a value (the next word), with the words that value can be when they are fixed (--log-format text|json).</summary>
        public IReadOnlyList<(string Name, IReadOnlyList<string> Choices)> ValueOptions { get; init; } = [];
    }

    private static List<Node> Paths(IEnumerable<Command> commands, string parent)
    {
        var nodes = new List<Node>();
        foreach (var c in commands)
        {
            if (c.Hidden) continue;
            var path = parent.Length == 0 ? c.Name : $"{parent} {c.Name}";
            var options = c.Options.Where(o => !o.Hidden).SelectMany(o => o.Aliases.Prepend(o.Name)).Where(n => n.StartsWith("--", StringComparison.Ordinal))
                .Append("--help").Distinct().ToList();
            var choices = c.Name == "completion" ? Shells.ToList() : [];
            var valueOptions = c.Options.Where(o => !o.Hidden && o.ValueType != typeof(bool) && o.Arity.MaximumNumberOfValues > 0)
                .SelectMany(o => o.Aliases.Prepend(o.Name).Where(n => n.StartsWith("--", StringComparison.Ordinal))
                    .Select(n => (n, (IReadOnlyList<string>)(o.HelpName is { } h && h.Contains('|') ? h.Split('|') : []))))
                .ToList();
            nodes.Add(new Node(path, c.Subcommands.Where(s => !s.Hidden).Select(s => (s.Name, s.Description ?? "")).ToList(), options, choices) { ValueOptions = valueOptions });
            nodes.AddRange(Paths(c.Subcommands, path));
        }
        return nodes;
    }

    private static string Bash(List<Node> tree)
    {
        var top = string.Join(' ', tree.Where(n => !n.Path.Contains(' ')).Select(n => n.Path));
        var sb = new StringBuilder();
        sb.Append("# tend completion for bash: source it, e.g. `source <(tend completion bash)` in ~/.bashrc\n");
        sb.Append("_tend_names() { ").Append(NamesCommand.Replace("ctl status", "ctl ${_tend_socket:+--socket \"$_tend_socket\"} status")).Append("; }\n");
        sb.Append("_tend() {\n");
        // Not "path": in zsh (bashcompinit) that is the array tied to PATH, and emptying it hid awk and tend.
        sb.Append("    local cur=${COMP_WORDS[COMP_CWORD]} _tend_path= word i _tend_socket=\n");
        sb.Append("    for ((i = 1; i < COMP_CWORD; i++)); do\n");
        sb.Append("        word=${COMP_WORDS[i]}\n");
        sb.Append("        [[ $word == -- ]] && return 0\n");
        sb.Append("        [[ $word == --socket ]] && _tend_socket=${COMP_WORDS[i + 1]}  # the names come from the Tend the command line names\n");
        sb.Append("        case \"${_tend_path:+$_tend_path }$word\" in\n");
        sb.Append("            ").Append(string.Join('|', tree.Select(n => Quote(n.Path)))).Append(") _tend_path=\"${_tend_path:+$_tend_path }$word\" ;;\n");
        sb.Append("        esac\n");
        sb.Append("    done\n");
        sb.Append("    local words\n");
        sb.Append("    case \"$_tend_path\" in\n");
        sb.Append("        '') words=\"").Append(top).Append(" --help --version\" ;;\n");
        foreach (var n in tree)
        {
            sb.Append("        ").Append(Quote(n.Path)).Append(") ");
            if (TakesNames.Contains(n.Path)) sb.Append("[[ $cur == -* ]] && words=\"").Append(string.Join(' ', n.Options)).Append("\" || words=\"$(_tend_names) all\"");
            else sb.Append("words=\"").Append(string.Join(' ', n.Subcommands.Select(s => s.Name).Concat(n.Choices).Concat(n.Options))).Append('"');
            sb.Append(" ;;\n");
        }
        sb.Append("    esac\n");
        sb.Append("    COMPREPLY=($(compgen -W \"$words\" -- \"$cur\"))\n");
        sb.Append("}\n");
        sb.Append("complete -o default -F _tend tend\n");
        return sb.ToString();
    }

    /// <summary>
    /// fish: conditions on the verbs typed so far. An option's value is not a verb: `tend ctl
    /// --socket /run/x.sock restart` is at "ctl restart", and `tend run --log-format ` completes
    /// the option's words (or files), not verbs and names (they were offered for option values).
    /// </summary>
    private static string Fish(List<Node> tree)
    {
        var valueOptions = tree.SelectMany(n => n.ValueOptions).GroupBy(v => v.Name, StringComparer.Ordinal).Select(g => g.First()).ToList();
        var sb = new StringBuilder();
        sb.Append("# tend completion for fish: source it, e.g. `tend completion fish > ~/.config/fish/completions/tend.fish`\n");
        sb.Append("set -g __tend_value_options ").Append(string.Join(' ', valueOptions.Select(v => Quote(v.Name)))).Append('\n');
        sb.Append("function __tend_names\n    ").Append(NamesCommand.Replace("ctl status", "ctl $argv status")).Append("\nend\n");
        sb.Append("function __tend_verbs\n");
        sb.Append("    # the words typed so far that are neither options nor an option's value\n");
        sb.Append("    set -l words (commandline -opc)\n");
        sb.Append("    set -l skip 0\n");
        sb.Append("    for w in $words[2..-1]\n");
        sb.Append("        if test $skip = 1\n            set skip 0\n            continue\n        end\n");
        sb.Append("        if contains -- $w $__tend_value_options\n            set skip 1\n        else if not string match -q -- '-*' $w\n            echo $w\n        end\n");
        sb.Append("    end\n");
        sb.Append("end\n");
        sb.Append("function __tend_value_of\n");
        sb.Append("    # the word being typed is the value of the option given (of any value-taking option without an argument)\n");
        sb.Append("    set -l words (commandline -opc)\n");
        sb.Append("    test (count $words) -ge 2; or return 1\n");
        sb.Append("    if test (count $argv) -eq 0\n        contains -- $words[-1] $__tend_value_options\n    else\n        test \"$words[-1]\" = \"$argv[1]\"\n    end\n");
        sb.Append("end\n");
        sb.Append("function __tend_path_is\n");
        sb.Append("    not __tend_value_of; or return 1\n");
        sb.Append("    set -l verbs (__tend_verbs)\n");
        sb.Append("    test \"$verbs\" = \"$argv\"\n");
        sb.Append("end\n");
        sb.Append("function __tend_path_in\n");
        sb.Append("    # the verbs typed so far start with the path given (names may follow it)\n");
        sb.Append("    not __tend_value_of; or return 1\n");
        sb.Append("    set -l verbs (__tend_verbs)\n");
        sb.Append("    string match -q -- \"$argv*\" \"$verbs\"\n");
        sb.Append("end\n");
        sb.Append("function __tend_socket\n");
        sb.Append("    # --socket PATH as typed on the line, for the names of the Tend it names\n");
        sb.Append("    set -l words (commandline -opc)\n");
        sb.Append("    set -l i (contains -i -- --socket $words); and test $i -lt (count $words); and printf '%s\\n' --socket $words[(math $i + 1)]\n");
        sb.Append("end\n");
        sb.Append("complete -c tend -f\n");
        foreach (var n in tree.Where(n => !n.Path.Contains(' ')))
            sb.Append("complete -c tend -n '__tend_path_is' -a ").Append(Quote(n.Path)).Append('\n');
        foreach (var (name, choices) in valueOptions)
        {
            sb.Append("complete -c tend -n ").Append(Quote($"__tend_value_of {name}"));
            if (choices.Count > 0) sb.Append(" -a ").Append(Quote(string.Join(' ', choices)));
            else if (PathOptions.Contains(name)) sb.Append(" -F");
            else sb.Append(" -a ''"); // a duration, an address, a name: nothing to offer, and neither verbs nor files
            sb.Append('\n');
        }
        foreach (var n in tree)
        {
            var when = $"-n '__tend_path_is {n.Path}'";
            foreach (var (name, description) in n.Subcommands)
                sb.Append("complete -c tend ").Append(when).Append(" -a ").Append(Quote(name)).Append(" -d ").Append(Quote(description)).Append('\n');
            foreach (var choice in n.Choices) sb.Append("complete -c tend ").Append(when).Append(" -a ").Append(choice).Append('\n');
            foreach (var option in n.Options) sb.Append("complete -c tend ").Append(when).Append(" -l ").Append(option[2..]).Append('\n');
            if (TakesNames.Contains(n.Path)) sb.Append("complete -c tend -n '__tend_path_in ").Append(n.Path).Append("' -a '(__tend_names (__tend_socket)) all'\n");
            if (n.Path is "run" or "check" or "convert" || n.Path.StartsWith("export ", StringComparison.Ordinal))
                sb.Append("complete -c tend ").Append(when).Append(" -F\n");
        }
        return sb.ToString();
    }

    /// <summary>Single-quoted for sh and fish (the names and descriptions are Tend's own, but a quote must not end the word).</summary>
    private static string Quote(string text) => "'" + text.Replace("'", "'\\''") + "'";
}
