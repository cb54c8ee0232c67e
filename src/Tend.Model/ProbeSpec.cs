namespace Tend.Model;

/// <summary>What a probe checks: exactly one of an exec argv, an HTTP URL or a TCP host:port.</summary>
public enum ProbeKind { Exec, Http, Tcp }

/// <summary>
/// A readiness or liveness probe (docker compose healthcheck / Kubernetes probe semantics):
/// every Interval, after InitialDelay, run the check with Timeout; FailureThreshold failures in a
/// row make it fail, SuccessThreshold successes in a row make it pass.
/// </summary>
public sealed record ProbeSpec
{
    public required ProbeKind Kind { get; init; }

    /// <summary>For Exec: the argv (a string in YAML is split like a command).</summary>
    public IReadOnlyList<string> Command { get; init; } = [];

    /// <summary>For Http: the URL to GET (2xx/3xx pass).</summary>
    public string? Url { get; init; }

    /// <summary>For Tcp: "host:port" to connect to.</summary>
    public string? Address { get; init; }

    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan InitialDelay { get; init; } = TimeSpan.Zero;
    public int FailureThreshold { get; init; } = 3;
    public int SuccessThreshold { get; init; } = 1;

    /// <summary>For Http with an https:// URL: accept any certificate (a self-signed one), as an explicit choice.</summary>
    public bool InsecureSkipVerify { get; init; }

    public SourceLocation? DefinedAt { get; init; }
}
