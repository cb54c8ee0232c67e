using System.CommandLine;
using System.Text;
using System.Text.Json;
using Tend.Control.Client;

namespace Tend.Cli.Commands;

/// <summary>
/// `tend ctl logs [-f] [-n N] [NAME...]`: recent output from Tend's in-memory history. Each line is
/// shown as "name | text" when the program wrote it on stdout and "name ! text" when on stderr, and
/// goes to this command's stdout or stderr to match, so the two stay apart here as well.
/// </summary>
internal static class LogsVerb
{
    public static Command Create(Option<string?> socket)
    {
        var follow = OptionValues.Flag("--follow", "Keep printing new lines as programs write them", "-f");
        var lines = OptionValues.Count("--lines", "-n", "Only the last N lines (default: all that are kept)");
        var names = ControlCommands.Names("Programs to show (default: all, with Tend's own messages as \"tend\")", ArgumentArity.ZeroOrMore);
        var command = new Command("logs", "Show programs' recent output, stdout marked '|' and stderr '!'") { follow, lines, names };
        command.SetAction(parsed =>
        {
            var query = new StringBuilder("/v1/logs?names=").Append(Uri.EscapeDataString(string.Join(',', parsed.GetValue(names) ?? [])));
            if (parsed.GetValue(lines) is { } n) query.Append("&lines=").Append(n);
            if (parsed.GetValue(follow)) query.Append("&follow=1");
            return ControlCommands.Run(parsed.GetValue(socket), client => Print(client, query.ToString()));
        });
        return command;
    }

    private static int Print(ControlClient client, string pathAndQuery)
    {
        var printer = new LinePrinter();
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler stop = (_, e) => { e.Cancel = true; cancel.Cancel(); };
        Console.CancelKeyPress += stop;
        try
        {
            var status = client.Stream("GET", pathAndQuery, printer.Feed, cancel.Token);
            if (status == 200) return 0;
            Console.Error.WriteLine($"tend: {printer.ErrorText()}");
            return status == 404 ? ControlCommands.Unknown : ControlCommands.Refused;
        }
        catch (OperationCanceledException) { return 0; }
        finally { Console.CancelKeyPress -= stop; }
    }

    /// <summary>Reassembles the newline-delimited JSON records across chunks and prints each.</summary>
    private sealed class LinePrinter
    {
        private readonly List<byte> _pending = [];
        private readonly Stream _stdout = Console.OpenStandardOutput();
        private readonly Stream _stderr = Console.OpenStandardError();
        private int _width;

        public void Feed(ReadOnlySpan<byte> data)
        {
            _pending.AddRange(data);
            var all = _pending.ToArray().AsSpan();
            var used = 0;
            int nl;
            var records = new List<(string Program, bool IsErr, string Text)>();
            while ((nl = all[used..].IndexOf((byte)'\n')) >= 0)
            {
                if (nl > 0) records.Add(Parse(all.Slice(used, nl)));
                used += nl + 1;
            }
            // Align on the widest name of what arrived together (the whole tail comes in one chunk).
            foreach (var r in records) _width = Math.Max(_width, r.Program.Length);
            foreach (var r in records)
                (r.IsErr ? _stderr : _stdout).Write(Encoding.UTF8.GetBytes($"{r.Program.PadRight(_width)} {(r.IsErr ? '!' : '|')} {r.Text}\n"));
            _pending.RemoveRange(0, used);
            _stdout.Flush();
            _stderr.Flush();
        }

        public string ErrorText()
        {
            var body = _pending.ToArray();
            try
            {
                using var doc = JsonDocument.Parse(body);
                if (doc.RootElement.TryGetProperty("error", out var e)) return e.GetString() ?? "";
            }
            catch (JsonException) { }
            return Encoding.UTF8.GetString(body);
        }

        private static (string Program, bool IsErr, string Text) Parse(ReadOnlySpan<byte> record)
        {
            using var doc = JsonDocument.Parse(record.ToArray());
            var root = doc.RootElement;
            return (root.GetProperty("program").GetString() ?? "",
                    root.GetProperty("stream").GetString() == "stderr",
                    root.GetProperty("line").GetString() ?? "");
        }
    }
}
