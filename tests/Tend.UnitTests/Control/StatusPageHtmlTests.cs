using Tend.Control.Api;
using Tend.Control.Api.Page;
using Tend.Logging;
using Tend.Logging.History;
using Tend.Supervision;

namespace Tend.UnitTests.Control;

/// <summary>Tend's status page as HTML: what each listener may see, escaping, and its size.</summary>
public class StatusPageHtmlTests
{
    private static readonly ProgramStatus Web = new("web<script>", "RUNNING", 42, 3725, 2, 1, null, true, true, true, null, "exited too quickly");
    private static readonly ProgramStatus Down = new("db", "STOPPED", null, null, 0, null, "SIGKILL", false, false, false, "migrate", null);

    [Fact]
    public void ReadOnly_ShowsTheTables_WithoutButtonsOutputOrScript()
    {
        var html = StatusPageHtml.Render([Web, Down], [], new Dictionary<int, ProgramResources> { [42] = new(1.5, 3 << 20) },
            new PageRights(false, false), null, "web<script>", [new LogLine("web<script>", LogStream.Stdout, "secret"u8.ToArray())], DateTimeOffset.UnixEpoch);
        Assert.Contains("<td>web&lt;script&gt;</td>", html);
        Assert.Contains("<td class=\"n\">1:02:05</td>", html);
        Assert.Contains("exit 1", html);
        Assert.Contains("exited too quickly", html);
        Assert.Contains("waiting for migrate", html);
        Assert.Contains("1.50 s</td><td class=\"n\">3.0 MiB", html);
        Assert.DoesNotContain("<button", html);
        Assert.DoesNotContain("<script>", html);
        Assert.DoesNotContain("secret", html);
    }

    [Fact]
    public void WithRights_OffersButtonsByState_AndTheOutputMarkedByStream()
    {
        var html = StatusPageHtml.Render([Web, Down], [], new Dictionary<int, ProgramResources>(), new PageRights(true, true), "done", "db",
            [new LogLine("db", LogStream.Stdout, "a"u8.ToArray()), new LogLine("db", LogStream.Stderr, "<b>"u8.ToArray())], DateTimeOffset.UnixEpoch);
        Assert.Contains("value=\"restart\"", html);
        Assert.Contains("<input type=\"hidden\" name=\"name\" value=\"db\"><button name=\"action\" value=\"start\">", html);
        Assert.Contains("<span class=\"stdout\">out a\n</span><span class=\"stderr\">err &lt;b&gt;\n</span>", html);
        Assert.Contains("<div class=\"msg\" id=\"message\">done</div>", html);
    }

    [Fact]
    public void APageOfFiftyPrograms_IsUnderFiftyKilobytes()
    {
        var many = Enumerable.Range(0, 50).Select(i => Web with { Name = $"program-{i}" }).ToList();
        var html = StatusPageHtml.Render(many, [], new Dictionary<int, ProgramResources>(), new PageRights(true, true), null, null, [], DateTimeOffset.UnixEpoch);
        Assert.True(html.Length < 50_000, $"{html.Length} bytes");
    }

    [Fact]
    public void ProcStat_CountsFieldsFromTheLastParenthesis()
    {
        // comm with spaces and a ')' inside; utime 10, stime 5, cutime 3, cstime 2; rss 250 pages.
        var stat = "77 (a) b (c) S 12 77 77 0 -1 4194560 100 0 0 0 10 5 3 2 20 0 1 0 100 4096000 250 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0";
        var parsed = ProcessTreeResources.Parse(stat);
        Assert.Equal(new ProcessTreeResources.Stat(12, 20, 250), parsed);
        Assert.Null(ProcessTreeResources.Parse("garbage"));
    }

    [Fact]
    public void Resources_OfThisProcess_AreRead()
    {
        var self = ProcessTreeResources.Of([Environment.ProcessId]);
        Assert.True(self[Environment.ProcessId].MemoryBytes > 1_000_000);
        Assert.Empty(ProcessTreeResources.Of([0, -1]));
    }
}
