using Tend.Health;

namespace Tend.UnitTests.Health;

public class ProbeFailureLogTests
{
    private static readonly ProbeResult Refused = new(false, "connection refused");

    [Fact]
    public void A_failing_probe_is_reported_at_its_first_failure_then_every_tenth_then_when_it_passes()
    {
        var lines = new List<string>();
        for (var before = 0; before < 25; before++)
            if (ProbeFailureLog.Line("php", ProbeRole.Readiness, Refused, before, ["nginx"]) is { } line) lines.Add(line);
        lines.Add(ProbeFailureLog.Line("php", ProbeRole.Readiness, new ProbeResult(true, "exit code 0"), 25, [])!);

        Assert.Equal([
            "php: readiness probe failed (connection refused); waiting for it: nginx",
            "php: readiness probe failed 10 times in a row (connection refused); waiting for it: nginx",
            "php: readiness probe failed 20 times in a row (connection refused); waiting for it: nginx",
            "php: readiness probe passes again after 25 checks failed (exit code 0)",
        ], lines);
    }

    [Fact]
    public void A_passing_probe_says_nothing()
    {
        Assert.Null(ProbeFailureLog.Line("web", ProbeRole.Liveness, new ProbeResult(true, "HTTP 200"), 0, []));
    }
}
