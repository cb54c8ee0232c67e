using System.Text.Json;
using Tend.IntegrationTests.Infrastructure;

namespace Tend.IntegrationTests;

/// <summary>
/// `tend run --log-format json`: every line Tend writes is a JSON object, its own events and the
/// configuration's warnings at start included, so a log shipper parsing JSON loses none of them.
/// </summary>
public class JsonEventTests
{
    [Fact(Timeout = 60_000)]
    public async Task With_json_logs_every_line_of_tend_is_a_json_object_warnings_included()
    {
        await Task.Yield();
        using var dir = new TempDir();
        using var tend = TendHost.Run(dir, """
            programs:
              web:
                command: [/bin/sh, -c, 'echo "web up${NOT_SET_FOR_THIS_TEST}"; exec sleep 1000']
            """, "--log-format", "json");
        tend.WaitForLine("\"line\":\"web up\"");
        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());

        foreach (var (stream, line) in tend.AllLines)
        {
            using var doc = JsonDocument.Parse(line); // throws on a plain-text line
            Assert.Equal(JsonValueKind.Object, doc.RootElement.ValueKind);
        }
        var warning = tend.Stderr.Single(l => l.Contains("NOT_SET_FOR_THIS_TEST"));
        using var w = JsonDocument.Parse(warning);
        Assert.Equal("tend", w.RootElement.GetProperty("program").GetString());
        Assert.Equal("warning", w.RootElement.GetProperty("level").GetString());
        Assert.StartsWith($"{dir.File("tend.yaml")}:3:", w.RootElement.GetProperty("location").GetString());
        Assert.Contains(tend.Stdout, l => l.Contains("\"program\":\"tend\"") && l.Contains("web started pid"));
    }
}
