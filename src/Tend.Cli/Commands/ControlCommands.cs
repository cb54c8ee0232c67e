using System.CommandLine;
using System.Text;
using Tend.Control.Api;
using Tend.Control.Client;
using Tend.Supervision;

namespace Tend.Cli.Commands;

/// <summary>
/// `tend ctl VERB` and `tend health`: clients of the control socket. Exit codes (README, "Exit codes
/// of tend ctl") borrow the LSB meanings supervisorctl's users know where they fit: 0 done, 1 Tend
/// refused or failed, 3 a program shown by `status` is not running, 4 no such program or job, 7
/// Tend cannot be reached, 77 (sysexits' EX_NOPERM) permission denied on the socket, and Tend's
/// own 100 for every usage error (a parse error, a bad option value, an unknown signal).
/// `tend health` answers only 0 or 1 (100 for a usage error), as Docker's HEALTHCHECK expects.
/// </summary>
internal static class ControlCommands
{
    /// <summary>Where the socket is by default, in words (the rule: <see cref="Tend.Control.DefaultSocket"/>).</summary>
    public const string DefaultSocket = "/run/tend.sock where /run is writable, else $XDG_RUNTIME_DIR/tend.sock, else /tmp/tend-UID/tend.sock";
    internal const int Refused = 1, NotRunning = 3, Unknown = 4, TendNotReachable = 7, PermissionDenied = 77;

    public static Option<string?> SocketOption() => OptionValues.SocketPath("--socket",
        $"Control socket (default: $TEND_SOCKET, then {DefaultSocket})", allowNone: false);

    public static string SocketPath(string? given) => given ?? Tend.Control.DefaultSocket.ForClient();

    public static Command Ctl()
    {
        // Recursive: `tend ctl --socket P VERB` and `tend ctl VERB --socket P` alike.
        var socket = SocketOption();
        socket.Recursive = true;
        var ctl = new Command("ctl", "Control a running Tend through its socket") { socket };
        ctl.Add(Status(socket));
        foreach (var verb in new[] { "start", "stop", "restart" }) ctl.Add(Action(socket, verb));
        ctl.Add(Signal(socket));
        ctl.Add(RunJob(socket));
        ctl.Add(LogsVerb.Create(socket));
        ctl.Add(Reload(socket));
        ctl.Add(Shutdown(socket));
        ctl.Add(HealthVerb(socket));
        return ctl;
    }

    public static Command Health()
    {
        var socket = SocketOption();
        var health = HealthVerb(socket);
        health.Add(socket);
        return health;
    }

    private static Command Status(Option<string?> socket)
    {
        var json = OptionValues.Flag("--json", "Print the raw JSON");
        var names = Names("Only these programs and jobs (default: all)", ArgumentArity.ZeroOrMore);
        var command = new Command("status", "Show every program (state, pid, uptime, restarts, last exit, health, CPU, memory) and every job (last result, next run)") { json, names };
        command.SetAction(parsed => Run(parsed.GetValue(socket), client =>
        {
            var wanted = parsed.GetValue(names) ?? [];
            var path = wanted.Length == 0 ? "/v1/status?resources=1" : $"/v1/status?resources=1&names={Uri.EscapeDataString(string.Join(',', wanted))}";
            var (status, _, body) = client.Send("GET", path);
            if (status == 404) return Fail(body, Unknown);
            if (status != 200) return Fail(body, Refused);
            var response = ControlJson.ReadStatus(body);
            if (parsed.GetValue(json)) Console.Out.WriteLine(Encoding.UTF8.GetString(body));
            else
            {
                // Asked for jobs only: no empty program table above them.
                if (response.Programs.Count > 0 || response.Jobs.Count == 0) Console.Out.Write(StatusTable.Render(response.Programs, response.Resources));
                if (response.Jobs.Count > 0)
                    Console.Out.Write((response.Programs.Count > 0 ? "\n" : "") + JobTable.Render(response.Jobs, DateTimeOffset.UtcNow));
            }
            return response.Programs.All(p => p.State is "RUNNING" or "EXITED" || !p.CountsForHealth) ? 0 : NotRunning;
        }));
        return command;
    }

    /// <summary>
    /// NAME arguments. A word starting with '-' is an option this verb does not have (System.CommandLine
    /// would pass it on as a name, and the answer would be "no program named '--jsn'").
    /// </summary>
    internal static Argument<string[]> Names(string description, ArgumentArity arity)
    {
        var names = new Argument<string[]>("NAME") { Description = description, Arity = arity };
        names.Validators.Add(result =>
        {
            foreach (var token in result.Tokens.Where(t => t.Value.Length > 1 && t.Value[0] == '-'))
                result.AddError($"unknown option '{token.Value}' for 'tend {string.Join(' ', CommandPath(result))}'");
        });
        return names;
    }

    private static IEnumerable<string> CommandPath(System.CommandLine.Parsing.SymbolResult result)
    {
        var path = new List<string>();
        for (var r = result.Parent; r is not null; r = r.Parent)
            if (r is System.CommandLine.Parsing.CommandResult { Command: not RootCommand } c) path.Insert(0, c.Command.Name);
        return path;
    }

    private static Command Action(Option<string?> socket, string verb)
    {
        var names = Names("Program names, GROUP:* (every program of a group), or all", ArgumentArity.OneOrMore);
        var command = new Command(verb, $"{char.ToUpperInvariant(verb[0])}{verb[1..]} programs") { names };
        command.SetAction(parsed => Run(parsed.GetValue(socket), client =>
            Report(client.Send("POST", $"/v1/{verb}?names={Uri.EscapeDataString(string.Join(',', parsed.GetValue(names)!))}"))));
        return command;
    }

    private static Command Signal(Option<string?> socket)
    {
        var signal = new Argument<string>("SIGNAL")
        {
            Description = "Signal name or number (HUP, USR1, 15)",
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
                if (!Model.Signals.TryParse(text, out _))
                    result.AddError($"SIGNAL: unknown signal '{text}'; expected a name like HUP, TERM, USR1 (SIG prefix optional) or a number from 1 to 64");
                return text;
            },
        };
        var names = Names("Program names, GROUP:* (every program of a group), or all", ArgumentArity.OneOrMore);
        var command = new Command("signal", "Send a signal to programs") { signal, names };
        command.SetAction(parsed => Run(parsed.GetValue(socket), client => Report(client.Send("POST",
            $"/v1/signal?signal={Uri.EscapeDataString(parsed.GetValue(signal)!)}&names={Uri.EscapeDataString(string.Join(',', parsed.GetValue(names)!))}"))));
        return command;
    }

    private static Command RunJob(Option<string?> socket)
    {
        var name = new Argument<string>("NAME") { Description = "The job to run now" };
        var command = new Command("run-job", "Run a scheduled job now (its concurrency policy applies; its schedule is unchanged)") { name };
        command.SetAction(parsed => Run(parsed.GetValue(socket), client =>
            Report(client.Send("POST", $"/v1/run-job?name={Uri.EscapeDataString(parsed.GetValue(name)!)}"))));
        return command;
    }

    private static Command Reload(Option<string?> socket)
    {
        var command = new Command("reload", "Re-read the configuration and apply the difference, as on SIGHUP");
        command.SetAction(parsed => Run(parsed.GetValue(socket), client => Report(client.Send("POST", "/v1/reload"))));
        return command;
    }

    private static Command Shutdown(Option<string?> socket)
    {
        var command = new Command("shutdown", "Stop every program and exit, as on SIGTERM");
        command.SetAction(parsed => Run(parsed.GetValue(socket), client => Report(client.Send("POST", "/v1/shutdown"))));
        return command;
    }

    /// <summary>`health` without its socket option: `tend ctl health` inherits ctl's, `tend health` adds its own.</summary>
    private static Command HealthVerb(Option<string?> socket)
    {
        var command = new Command("health", "Exit 0 when every program that matters is running and ready, 1 otherwise (for HEALTHCHECK)");
        command.SetAction(parsed =>
        {
            // HEALTHCHECK reads any non-zero as unhealthy; a Tend that cannot be reached is unhealthy too.
            var code = Run(parsed.GetValue(socket), client =>
            {
                var (status, _, body) = client.Send("GET", "/v1/health");
                if (status is not (200 or 503)) return Fail(body, Refused);
                var health = ControlJson.ReadHealth(body);
                if (health.Healthy) { Console.Out.WriteLine("healthy"); return 0; }
                Console.Out.WriteLine("unhealthy:");
                foreach (var problem in health.Problems) Console.Out.WriteLine("  " + problem);
                return 1;
            });
            return code == 0 ? 0 : 1;
        });
        return command;
    }

    private static int Report((int Status, string ContentType, byte[] Body) reply)
    {
        if (reply.Status == 404) return Fail(reply.Body, Unknown);
        if (reply.Status is not (200 or 409)) return Fail(reply.Body, Refused);
        var response = ControlJson.ReadAction(reply.Body);
        foreach (var r in response.Results) (r.Ok ? Console.Out : Console.Error).WriteLine(r.Message);
        return response.Ok ? 0 : Refused;
    }

    private static int Fail(byte[] body, int code)
    {
        var message = ControlJson.ReadError(body) ?? Encoding.UTF8.GetString(body);
        Console.Error.WriteLine($"tend: {message}");
        return code;
    }

    internal static int Run(string? socket, Func<ControlClient, int> work)
    {
        try
        {
            return work(new ControlClient(SocketPath(socket), TimeSpan.FromSeconds(10)));
        }
        catch (ControlClientException e)
        {
            Console.Error.WriteLine($"tend: {e.Message}");
            return e.InnerException is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.AccessDenied }
                ? PermissionDenied
                : TendNotReachable;
        }
    }
}
