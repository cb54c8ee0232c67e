using System.CommandLine;
using Tend.Health;

namespace Tend.Cli.Commands;

/// <summary>
/// `tend probe http URL` / `tend probe tcp HOST:PORT`: one check, as a readiness probe does it;
/// exit 0 when it passes, 1 when it fails (the detail on stderr). What exported healthchecks run,
/// so images need no curl or nc.
/// </summary>
internal static class ProbeCommand
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(1);

    public static Command Create()
    {
        var command = new Command("probe", "Run one HTTP or TCP check; exit 0 if it passes, 1 if not");
        var insecure = new Option<bool>("--insecure-skip-verify") { Description = "With an https:// URL: accept any certificate (a self-signed one)" };
        command.Add(Verb("http", "URL", "GET the URL (http:// or https://); a 2xx or 3xx status passes",
            (url, timeout, parsed) => HttpCheck.Run(url, timeout, parsed.GetValue(insecure)), insecure));
        command.Add(Verb("tcp", "HOST:PORT", "Connect; an accepted connection passes", (address, timeout, _) => TcpCheck.Run(address, timeout)));
        return command;
    }

    private static Command Verb(string name, string target, string description, Func<string, TimeSpan, ParseResult, ProbeResult> check, params Option[] options)
    {
        var argument = new Argument<string>(target) { Description = "What to check" };
        var timeout = OptionValues.Duration("--timeout", "Give up after this long (10s, 500ms)", DefaultTimeout);
        var command = new Command(name, description) { argument, timeout };
        foreach (var option in options) command.Add(option);
        command.SetAction(parsed =>
        {
            var result = check(parsed.GetValue(argument)!, parsed.GetValue(timeout) ?? DefaultTimeout, parsed);
            Console.Error.WriteLine($"tend: probe {name} {parsed.GetValue(argument)}: {(result.Success ? "passed" : "failed")}: {result.Detail}");
            return result.Success ? 0 : 1;
        });
        return command;
    }
}
