using System.Buffers;
using System.Text.Json;
using Tend.Supervision;

namespace Tend.Control.Api;

/// <summary>GET /v1/status.</summary>
public sealed record StatusResponse(int TendPid, IReadOnlyList<ProgramStatus> Programs)
{
    /// <summary>Scheduled jobs, in declaration order (absent from the JSON when there are none).</summary>
    public IReadOnlyList<JobStatus> Jobs { get; init; } = [];

    /// <summary>CPU and memory of each running program's process tree, by name; only when asked for (?resources=1).</summary>
    public IReadOnlyDictionary<string, ProgramResources> Resources { get; init; } = new Dictionary<string, ProgramResources>();
}

/// <summary>The answer to start/stop/restart/signal/reload/shutdown: one line per program.</summary>
public sealed record ActionResponse(bool Ok, IReadOnlyList<ActionResult> Results);

public sealed record ActionResult(string Program, bool Ok, string Message);

/// <summary>GET /v1/health, /healthz, /readyz.</summary>
public sealed record HealthResponse(bool Healthy, IReadOnlyList<string> Problems, IReadOnlyList<ProgramStatus> Programs);

/// <summary>
/// The control API's JSON, written with Utf8JsonWriter and read with JsonDocument by hand: the
/// serializer, even source-generated, cost about 0.3 MB of binary (and resident code pages in every
/// container) for five small shapes. Names are snake_case; absent values are omitted.
/// </summary>
public static class ControlJson
{
    public static byte[] Write(StatusResponse value) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteNumber("tend_pid", value.TendPid);
        WritePrograms(w, value.Programs, value.Resources);
        if (value.Jobs.Count > 0) JobsJson.Write(w, value.Jobs);
        w.WriteEndObject();
    });

    public static byte[] Write(ActionResponse value) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteBoolean("ok", value.Ok);
        w.WriteStartArray("results");
        foreach (var r in value.Results)
        {
            w.WriteStartObject();
            w.WriteString("program", r.Program);
            w.WriteBoolean("ok", r.Ok);
            w.WriteString("message", r.Message);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    });

    public static byte[] Write(HealthResponse value) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteBoolean("healthy", value.Healthy);
        w.WriteStartArray("problems");
        foreach (var p in value.Problems) w.WriteStringValue(p);
        w.WriteEndArray();
        WritePrograms(w, value.Programs);
        w.WriteEndObject();
    });

    public static byte[] Error(string message) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("error", message);
        w.WriteEndObject();
    });

    public static StatusResponse ReadStatus(byte[] json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        return new StatusResponse(root.GetProperty("tend_pid").GetInt32(), ReadPrograms(root)) { Jobs = JobsJson.Read(root), Resources = ReadResources(root) };
    }

    public static ActionResponse ReadAction(byte[] json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var results = root.GetProperty("results").EnumerateArray()
            .Select(r => new ActionResult(r.GetProperty("program").GetString()!, r.GetProperty("ok").GetBoolean(), r.GetProperty("message").GetString()!))
            .ToList();
        return new ActionResponse(root.GetProperty("ok").GetBoolean(), results);
    }

    public static HealthResponse ReadHealth(byte[] json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var problems = root.GetProperty("problems").EnumerateArray().Select(p => p.GetString()!).ToList();
        return new HealthResponse(root.GetProperty("healthy").GetBoolean(), problems, ReadPrograms(root));
    }

    /// <summary>The "error" of an error body, or null when the body is not one.</summary>
    public static string? ReadError(byte[] json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.TryGetProperty("error", out var e) ? e.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void WritePrograms(Utf8JsonWriter w, IReadOnlyList<ProgramStatus> programs, IReadOnlyDictionary<string, ProgramResources>? resources = null)
    {
        w.WriteStartArray("programs");
        foreach (var p in programs)
        {
            w.WriteStartObject();
            w.WriteString("name", p.Name);
            w.WriteString("state", p.State);
            if (p.Pid is { } pid) w.WriteNumber("pid", pid);
            if (p.UptimeSeconds is { } up) w.WriteNumber("uptime_seconds", Math.Round(up, 3));
            w.WriteNumber("restarts", p.Restarts);
            if (p.LastExitCode is { } code) w.WriteNumber("last_exit_code", code);
            if (p.LastExitSignal is { } sig) w.WriteString("last_exit_signal", sig);
            if (p.LastExitOom) w.WriteBoolean("last_exit_oom", true);
            w.WriteNumber("oom_kills", p.OomKills);
            w.WriteBoolean("ready", p.Ready);
            w.WriteBoolean("healthy", p.Healthy);
            w.WriteBoolean("counts_for_health", p.CountsForHealth);
            if (p.WaitingFor is { } waiting) w.WriteString("waiting_for", waiting);
            if (p.LastError is { } error) w.WriteString("last_error", error);
            if (p.Reason is { } reason) w.WriteString("reason", reason);
            if (p.Phase is { } phase) w.WriteString("phase", phase);
            if (resources is not null && resources.TryGetValue(p.Name, out var r))
            {
                w.WriteNumber("cpu_seconds", Math.Round(r.CpuSeconds, 2));
                w.WriteNumber("memory_bytes", r.MemoryBytes);
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static IReadOnlyList<ProgramStatus> ReadPrograms(JsonElement root) =>
        root.GetProperty("programs").EnumerateArray().Select(p => new ProgramStatus(
            p.GetProperty("name").GetString()!,
            p.GetProperty("state").GetString()!,
            p.TryGetProperty("pid", out var pid) ? pid.GetInt32() : null,
            p.TryGetProperty("uptime_seconds", out var up) ? up.GetDouble() : null,
            p.GetProperty("restarts").GetInt32(),
            p.TryGetProperty("last_exit_code", out var code) ? code.GetInt32() : null,
            p.TryGetProperty("last_exit_signal", out var sig) ? sig.GetString() : null,
            p.GetProperty("ready").GetBoolean(),
            p.GetProperty("healthy").GetBoolean(),
            p.GetProperty("counts_for_health").GetBoolean(),
            p.TryGetProperty("waiting_for", out var waiting) ? waiting.GetString() : null,
            p.TryGetProperty("last_error", out var error) ? error.GetString() : null,
            Reason: p.TryGetProperty("reason", out var reason) ? reason.GetString() : null,
            Phase: p.TryGetProperty("phase", out var phase) ? phase.GetString() : null,
            LastExitOom: p.TryGetProperty("last_exit_oom", out var oom) && oom.GetBoolean(),
            OomKills: p.TryGetProperty("oom_kills", out var kills) ? kills.GetInt64() : 0)).ToList();

    private static Dictionary<string, ProgramResources> ReadResources(JsonElement root) =>
        root.GetProperty("programs").EnumerateArray()
            .Where(p => p.TryGetProperty("cpu_seconds", out _) && p.TryGetProperty("memory_bytes", out _))
            .ToDictionary(p => p.GetProperty("name").GetString()!, p => new ProgramResources(p.GetProperty("cpu_seconds").GetDouble(), p.GetProperty("memory_bytes").GetInt64()));

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer)) body(writer);
        return buffer.WrittenSpan.ToArray();
    }
}
