using System.CommandLine;
using System.Text;
using Tend.Control.Api;
using Tend.Control.Client;
using Tend.Supervision;

namespace Tend.Cli.Commands;

/// <summary>
/// `tend ctl VERB` and `tend health`: clients of the control socket. Exit codes follow the LSB
/// statuses supervisorctl uses: 0 ok, 1 refused, 2 bad arguments, 3 some program not running
/// (status), 4 no such program or permission denied, 7 tend not running (no socket).
/// </summary>
internal static class ControlCommands
{
    /// <summary>Where the socket is by default, in words (the rule: <see cref="Tend.Control.DefaultSocket"/>).</summary>
    public const string DefaultSocket = "/run/tend.sock where /run is writable, else $XDG_RUNTIME_DIR/tend.sock, else /tmp/tend-UID/tend.sock";
    internal const int Refused = 1, BadArguments = 2, NotRunning = 3, Unknown = 4, TendNotRunning = 7;

    public static Option<string?> SocketOption() => new("--socket")
    {
        Description = $"Control socket (default: $TEND_SOCKET, then {DefaultSocket})",
    };

    public static string SocketPath(string? given) => given ?? Tend.Control.DefaultSocket.ForClient();

    public static Command Ctl()
    {
        var socket = SocketOption();
        var ctl = new Command("ctl", "Control a running Tend through its socket");
        ctl.Add(Status(socket));
        foreach (var verb in new[] { "start", "stop", "restart" }) ctl.Add(Action(socket, verb));
        ctl.Add(Signal(socket));
        ctl.Add(RunJob(socket));
        ctl.Add(LogsVerb.Create(socket));
        ctl.Add(Reload(socket));
        ctl.Add(Shutdown(socket));
        ctl.Add(HealthVerb("health", socket));
        return ctl;
    }

    public static Command Health() => HealthVerb("health", SocketOption());

    private static Command Status(Option<string?> socket)
    {
        var json = new Option<bool>("--json") { Description = "Print the raw JSON" };
        var command = new Command("status", "Show every program (state, pid, uptime, restarts, last exit, health) and every job (last result, next run)") { socket, json };
        command.SetAction(parsed => Run(parsed.GetValue(socket), client =>
        {
            var (status, _, body) = client.Send("GET", "/v1/status");
            if (status != 200) return Fail(body, Refused);
            if (parsed.GetValue(json)) { Console.Out.WriteLine(Encoding.UTF8.GetString(body)); return 0; }
            var response = ControlJson.ReadStatus(body);
            Console.Out.Write(StatusTable.Render(response.Programs));
            if (response.Jobs.Count > 0) Console.Out.Write("\n" + JobTable.Render(response.Jobs, DateTimeOffset.UtcNow));
            return response.Programs.All(p => p.State is "RUNNING" or "EXITED" || !p.CountsForHealth) ? 0 : NotRunning;
        }));
        return command;
    }

    private static Command Action(Option<string?> socket, string verb)
    {
        var names = new Argument<string[]>("NAME") { Description = "Program names, or all", Arity = ArgumentArity.OneOrMore };
        var command = new Command(verb, $"{char.ToUpperInvariant(verb[0])}{verb[1..]} programs") { socket, names };
        command.SetAction(parsed => Run(parsed.GetValue(socket), client =>
            Report(client.Send("POST", $"/v1/{verb}?names={Uri.EscapeDataString(string.Join(',', parsed.GetValue(names)!))}"))));
        return command;
    }

    private static Command Signal(Option<string?> socket)
    {
        var signal = new Argument<string>("SIGNAL") { Description = "Signal name or number (HUP, USR1, 15)" };
        var names = new Argument<string[]>("NAME") { Description = "Program names, or all", Arity = ArgumentArity.OneOrMore };
        var command = new Command("signal", "Send a signal to programs") { socket, signal, names };
        command.SetAction(parsed =>
        {
            if (!Model.Signals.TryParse(parsed.GetValue(signal)!, out _))
            {
                Console.Error.WriteLine($"tend: unknown signal '{parsed.GetValue(signal)}'");
                return BadArguments;
            }
            return Run(parsed.GetValue(socket), client => Report(client.Send("POST",
                $"/v1/signal?signal={Uri.EscapeDataString(parsed.GetValue(signal)!)}&names={Uri.EscapeDataString(string.Join(',', parsed.GetValue(names)!))}")));
        });
        return command;
    }

    private static Command RunJob(Option<string?> socket)
    {
        var name = new Argument<string>("NAME") { Description = "The job to run now" };
        var command = new Command("run-job", "Run a scheduled job now (its concurrency policy applies; its schedule is unchanged)") { socket, name };
        command.SetAction(parsed => Run(parsed.GetValue(socket), client =>
            Report(client.Send("POST", $"/v1/run-job?name={Uri.EscapeDataString(parsed.GetValue(name)!)}"))));
        return command;
    }

    private static Command Reload(Option<string?> socket)
    {
        var command = new Command("reload", "Re-read the configuration and apply the difference, as on SIGHUP") { socket };
        command.SetAction(parsed => Run(parsed.GetValue(socket), client => Report(client.Send("POST", "/v1/reload"))));
        return command;
    }

    private static Command Shutdown(Option<string?> socket)
    {
        var command = new Command("shutdown", "Stop every program and exit, as on SIGTERM") { socket };
        command.SetAction(parsed => Run(parsed.GetValue(socket), client => Report(client.Send("POST", "/v1/shutdown"))));
        return command;
    }

    private static Command HealthVerb(string name, Option<string?> socket)
    {
        var command = new Command(name, "Exit 0 when every program that matters is running and ready, 1 otherwise (for HEALTHCHECK)") { socket };
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
            return e.Message.Contains("permission denied", StringComparison.Ordinal) ? Unknown : TendNotRunning;
        }
    }
}
