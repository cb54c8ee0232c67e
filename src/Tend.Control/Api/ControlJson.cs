using System.Text.Json.Serialization;
using Tend.Supervision;

namespace Tend.Control.Api;

/// <summary>GET /v1/status.</summary>
public sealed record StatusResponse(int TendPid, IReadOnlyList<ProgramStatus> Programs);

/// <summary>The answer to start/stop/restart/signal/shutdown: one line per program.</summary>
public sealed record ActionResponse(bool Ok, IReadOnlyList<ActionResult> Results);

public sealed record ActionResult(string Program, bool Ok, string Message);

/// <summary>GET /v1/health, /healthz, /readyz.</summary>
public sealed record HealthResponse(bool Healthy, IReadOnlyList<string> Problems, IReadOnlyList<ProgramStatus> Programs);

/// <summary>Any refusal: a message that can be shown as is.</summary>
public sealed record ErrorResponse(string Error);

/// <summary>System.Text.Json source generation: no reflection, so NativeAOT and trimming are safe.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = false,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StatusResponse))]
[JsonSerializable(typeof(ActionResponse))]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(ErrorResponse))]
public sealed partial class ControlJson : JsonSerializerContext;
