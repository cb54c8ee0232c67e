namespace Tend.ContainerTests.Infrastructure;

/// <summary>Shell programs for tend.yaml (busybox sh in the images), as YAML flow sequences.</summary>
public static class Programs
{
    /// <summary>A program that says it is up, and on its stop signal says so, takes a moment to drain, and exits 0.</summary>
    public static string Graceful(string name, string drain = "0.2", string signal = "TERM") =>
        Sh($"trap 'echo {name} got {signal}; sleep {drain}; echo {name} drained; exit 0' {signal}; echo {name} up; while :; do sleep 1; done");

    /// <summary>argv for `/bin/sh -c SCRIPT`, as a YAML flow sequence (single-quoted, quotes doubled).</summary>
    public static string Sh(string script) => $"[\"/bin/sh\", \"-c\", '{script.Replace("'", "''")}']";
}
