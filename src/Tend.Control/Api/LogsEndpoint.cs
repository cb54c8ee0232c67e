using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Tend.Http;
using Tend.Logging.History;
using Tend.Supervision;

namespace Tend.Control.Api;

/// <summary>
/// GET /v1/logs?names=a,b&amp;lines=N&amp;follow=1: recent output from the in-memory history, one JSON
/// object per line ({"program","stream","line"}, newline-delimited), chunked; with follow, new lines
/// as they come until the client leaves or Tend exits. "tend" names Tend's own messages.
/// </summary>
internal sealed class LogsEndpoint(Supervisor supervisor, LogHistory history, string selfName)
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);
    // How often an idle follower checks that its client is still there.
    private static readonly TimeSpan LivenessCheck = TimeSpan.FromSeconds(5);

    public void Handle(HttpRequest request, IResponse response)
    {
        int? count = null;
        if (request.Query.TryGetValue("lines", out var text) && text != "")
        {
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                Error(response, 400, $"lines must be a whole number, not '{text}'");
                return;
            }
            count = n;
        }
        var follow = request.Query.GetValueOrDefault("follow") is "1" or "true";
        var names = (request.Query.GetValueOrDefault("names") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        IReadOnlyCollection<string>? programs = null;
        if (names.Length > 0 && !(names.Length == 1 && names[0] == "all"))
        {
            var others = names.Where(n => n != selfName).ToList();
            var (resolved, error) = others.Count == 0 ? ([], null) : supervisor.Call(() =>
            {
                // Jobs log under their names too.
                var jobs = others.Where(supervisor.IsJob).ToList();
                var rest = others.Except(jobs).ToList();
                if (rest.Count == 0) return (jobs, (string?)null);
                var found = supervisor.Resolve(rest, out var err);
                return (found is null ? [] : [.. found.Select(p => p.Name), .. jobs], err);
            }, CallTimeout);
            if (error is not null)
            {
                Error(response, 404, error);
                return;
            }
            programs = names.Contains(selfName) ? [.. resolved, selfName] : resolved;
        }

        var (lines, assembler, sequence) = history.Tail(count, programs);
        using var stream = response.BeginChunked(200, "application/x-ndjson");
        var batch = new ArrayBufferWriter<byte>(4096);
        foreach (var line in lines) Write(batch, line);
        if (!follow)
        {
            assembler.Flush(line => Write(batch, line));
            stream.TryWrite(batch.WrittenSpan);
            return;
        }
        if (!stream.TryWrite(batch.WrittenSpan)) return;
        while (history.WaitForMore(sequence, LivenessCheck))
        {
            var chunks = history.ChunksAfter(sequence, programs, out sequence);
            if (chunks.Count == 0)
            {
                if (!stream.TryWrite([])) return; // woken by others' output, or checking the client
                continue;
            }
            batch.ResetWrittenCount();
            foreach (var chunk in chunks) assembler.Feed(chunk, line => Write(batch, line));
            if (!stream.TryWrite(batch.WrittenSpan)) return;
        }
    }

    private static void Write(ArrayBufferWriter<byte> into, LogLine line)
    {
        using (var w = new Utf8JsonWriter(into))
        {
            w.WriteStartObject();
            w.WriteString("program", line.Program);
            w.WriteString("stream", line.Stream == Logging.LogStream.Stdout ? "stdout" : "stderr");
            // Programs may write anything; invalid UTF-8 becomes U+FFFD rather than failing the reply.
            w.WriteString("line", Encoding.UTF8.GetString(line.Text));
            w.WriteEndObject();
        }
        into.Write("\n"u8);
    }

    private static void Error(IResponse response, int status, string message) =>
        response.Send(status, "application/json", ControlJson.Error(message));
}
