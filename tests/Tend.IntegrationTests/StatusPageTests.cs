using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Tend.IntegrationTests.Infrastructure;
using static Tend.IntegrationTests.Infrastructure.Yaml;

namespace Tend.IntegrationTests;

/// <summary>
/// Tend's own page in a browser: at / of the --http listener (read-only unless http_auth is set)
/// and of the control socket (curl --unix-socket). A browser here is an HTTP client sending what a
/// browser sends.
/// </summary>
public class StatusPageTests
{
    private const string Talker = "sh -c 'i=0; while true; do i=$((i+1)); echo \"out $i\"; echo \"err $i\" >&2; sleep 0.3; done'";

    private static string Config(string extra) => $"""
        {extra}
        programs:
          web:
            command: {Dummy("sleep", "inf")}
            start_seconds: 0
          talker:
            command: {Quote(Talker)}
            start_seconds: 0
        jobs:
          nightly:
            schedule: "0 3 * * *"
            command: ["true"]
        """;

    private static HttpClient Browser(int port, string? user = null)
    {
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(30) };
        if (user is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes(user)));
        return client;
    }

    private static int PidOf(string page, string name)
    {
        var m = Regex.Match(page, $"<tr data-name=\"{name}\">.*?<td class=\"n pid\">(\\d*)</td>");
        return m.Success && m.Groups[1].Value.Length > 0 ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    private static HttpRequestMessage Button(HttpClient client, string action, string name)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["action"] = action, ["name"] = name }),
        };
        request.Headers.Add("Sec-Fetch-Site", "same-origin");
        request.Headers.Add("Origin", client.BaseAddress!.GetLeftPart(UriPartial.Authority));
        return request;
    }

    [Fact(Timeout = 60_000)]
    public async Task Without_http_auth_the_http_page_shows_programs_jobs_and_resources_but_no_output_and_no_buttons()
    {
        using var dir = new TempDir();
        var port = Ctl.FreePort();
        using var tend = TendHost.Run(dir, Config($"http: 127.0.0.1:{port}"));
        tend.WaitForLine("read-only: no http_auth");
        tend.WaitForLine("talker started");
        using var browser = Browser(port);
        var page = await browser.GetStringAsync("/");
        Assert.Contains("<table id=\"programs\">", page);
        Assert.Matches("<tr data-name=\"web\"><td>web</td><td class=\"ok\">RUNNING</td>", page);
        Assert.True(PidOf(page, "web") > 0, page);
        Assert.Matches(@"<tr data-name=""web"">.*?<td class=""n"">\d+\.\d\d s</td><td class=""n"">[\d.]+ [KMG]iB</td>", page);
        Assert.Contains("<tr data-name=\"nightly\"><td>nightly</td><td><code>0 3 * * *</code>", page);
        Assert.Contains("never ran", page);
        Assert.Contains("read-only", page);
        Assert.DoesNotContain("<button", page);
        Assert.DoesNotContain("<script", page);

        using (var stop = await browser.SendAsync(Button(browser, "stop", "web")))
            Assert.Equal(HttpStatusCode.Forbidden, stop.StatusCode);
        using (var follow = await browser.GetAsync("/ui/follow?name=talker"))
            Assert.Equal(HttpStatusCode.Forbidden, follow.StatusCode);
        Assert.DoesNotContain("out 1", await browser.GetStringAsync("/?follow=talker"));
        Assert.Equal(PidOf(page, "web"), PidOf(await browser.GetStringAsync("/"), "web"));
        tend.Signal(15);
        tend.WaitForExit();
    }

    [Fact(Timeout = 90_000)]
    public async Task With_http_auth_I_log_in_restart_a_program_from_the_page_and_follow_its_output_live()
    {
        using var dir = new TempDir();
        var port = Ctl.FreePort();
        using var tend = TendHost.Run(dir, Config($"http: 127.0.0.1:{port}\nhttp_auth: {{username: admin, password: secret}}"));
        tend.WaitForLine("talker started");
        using (var anonymous = Browser(port))
        {
            using var refused = await anonymous.GetAsync("/");
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Contains("Basic", refused.Headers.WwwAuthenticate.ToString());
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/healthz")).StatusCode); // probes need no password
        }
        using var browser = Browser(port, "admin:secret");
        var page = await browser.GetStringAsync("/");
        var pid = PidOf(page, "web");
        Assert.True(pid > 0, page);
        Assert.Contains("<button name=\"action\" value=\"restart\">restart</button>", page);

        // Another site's page cannot press the button with the credentials the browser keeps.
        using (var forged = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["action"] = "stop", ["name"] = "web" }) })
        {
            forged.Headers.Add("Origin", "http://evil.example");
            using var reply = await browser.SendAsync(forged);
            Assert.Equal(HttpStatusCode.Forbidden, reply.StatusCode);
        }

        using (var restart = await browser.SendAsync(Button(browser, "restart", "web")))
        {
            Assert.Equal(HttpStatusCode.SeeOther, restart.StatusCode);
            Assert.StartsWith("./?message=", restart.Headers.Location!.OriginalString);
        }
        var deadline = DateTime.UtcNow.AddSeconds(20);
        int newPid;
        while ((newPid = PidOf(await browser.GetStringAsync("/"), "web")) is 0 || newPid == pid)
        {
            Assert.True(DateTime.UtcNow < deadline, "the pid of web did not change after restart");
            await Task.Delay(100);
        }

        // Without JavaScript: the last lines, both streams marked, in the page itself.
        var withTail = await browser.GetStringAsync("/?follow=talker");
        Assert.Matches("<span class=\"stdout\">out out \\d+\n</span>", withTail);
        Assert.Matches("<span class=\"stderr\">err err \\d+\n</span>", withTail);

        // Live: the events stream, which must bring lines written after it was opened.
        using var events = await browser.GetAsync("/ui/follow?name=talker", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", events.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await events.Content.ReadAsStreamAsync());
        var seen = new List<string>();
        var after = await LastNumber(browser);
        var kinds = new HashSet<string>();
        string? kind = null;
        while (true)
        {
            var line = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20));
            Assert.NotNull(line);
            if (line.StartsWith("event: ", StringComparison.Ordinal)) kind = line[7..];
            if (!line.StartsWith("data: ", StringComparison.Ordinal)) continue;
            seen.Add(line);
            var m = Regex.Match(line, @"^data: (out|err) (\d+)$");
            Assert.True(m.Success, line);
            Assert.Equal(m.Groups[1].Value == "out" ? "stdout" : "stderr", kind);
            if (int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) > after + 1) kinds.Add(kind!);
            if (kinds.Count == 2) break;
        }
        tend.Signal(15);
        tend.WaitForExit();
    }

    private static async Task<int> LastNumber(HttpClient browser)
    {
        var page = await browser.GetStringAsync("/?follow=talker");
        return Regex.Matches(page, @"out out (\d+)").Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max();
    }

    [Fact(Timeout = 60_000)]
    public async Task The_control_socket_serves_the_whole_page_to_curl_and_metrics_carry_cpu_and_memory()
    {
        using var dir = new TempDir();
        var port = Ctl.FreePort();
        using var tend = TendHost.Run(dir, Config($"http: 127.0.0.1:{port}"));
        tend.WaitForLine("talker started");
        tend.WaitForLine(l => l.EndsWith("| out 2", StringComparison.Ordinal));
        var (code, page, err) = Tools.Run("curl", ["-sS", "--unix-socket", tend.SocketPath, "http://localhost/?follow=talker"]);
        Assert.True(code == 0, err);
        Assert.Contains("<button name=\"action\" value=\"stop\">stop</button>", page);
        Assert.Contains("<span class=\"stdout\">out out 1\n</span>", page);

        using var http = Browser(port);
        var metrics = await http.GetStringAsync("/metrics");
        var cpu = Regex.Match(metrics, "^tend_program_cpu_seconds_total\\{program=\"talker\"\\} ([0-9.e+-]+)$", RegexOptions.Multiline);
        var memory = Regex.Match(metrics, "^tend_program_memory_bytes\\{program=\"web\"\\} (\\d+)$", RegexOptions.Multiline);
        Assert.True(cpu.Success, metrics);
        Assert.True(memory.Success && long.Parse(memory.Groups[1].Value, CultureInfo.InvariantCulture) > 100_000, metrics);

        // The same figures in tend ctl status: CPU and MEM columns, cpu_seconds and memory_bytes in --json.
        var rows = Ctl.Run(tend, "ctl", "status").Out.Split('\n');
        var header = Regex.Split(rows[0].Trim(), @"\s{2,}");
        var web = Regex.Split(rows.Single(r => r.StartsWith("web ", StringComparison.Ordinal)).Trim(), @"\s{2,}");
        Assert.Matches(@"^\d+\.\d+s$", web[Array.IndexOf(header, "CPU")]);
        Assert.Matches(@"^[\d.]+[KMG]$", web[Array.IndexOf(header, "MEM")]);
        Assert.Matches("\"name\":\"web\"[^}]*\"cpu_seconds\":[0-9.]+,\"memory_bytes\":[1-9][0-9]+[,}]", Ctl.Run(tend, "ctl", "status", "--json").Out);
        tend.Signal(15);
        tend.WaitForExit();
    }

    [Fact(Timeout = 120_000)]
    public async Task Once_the_browser_is_gone_an_idle_tend_wakes_up_no_more_than_before()
    {
        using var dir = new TempDir();
        var port = Ctl.FreePort();
        using var tend = TendHost.Run(dir, $"""
            http: 127.0.0.1:{port}
            http_auth:
              username: admin
              password: secret
            programs:
              web:
                command: {Dummy("sleep", "inf")}
                start_seconds: 0
            """);
        tend.WaitForLine("web started");
        var pid = tend.TendPid;
        var idleThreads = await Settled(pid);
        using (var browser = Browser(port, "admin:secret"))
        {
            Assert.Contains("data-name=\"web\"", await browser.GetStringAsync("/?follow=web"));
            using var events = await browser.GetAsync("/ui/follow?name=web", HttpCompletionOption.ResponseHeadersRead);
            using var reader = new StreamReader(await events.Content.ReadAsStreamAsync());
            Assert.Equal(": following", await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10)));
            Assert.True(Directory.GetDirectories($"/proc/{pid}/task").Length > idleThreads);
        }
        // The follower notices the browser left at its next check (at most 15 s), then its thread ends.
        var deadline = DateTime.UtcNow.AddSeconds(40);
        while (Directory.GetDirectories($"/proc/{pid}/task").Length > idleThreads)
        {
            Assert.True(DateTime.UtcNow < deadline, "the follower's thread is still there 40 s after the browser left");
            await Task.Delay(200);
        }
        var before = RunCount(pid);
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(before, RunCount(pid));
        tend.Signal(15);
        tend.WaitForExit();
    }

    /// <summary>Tend's thread count once it has stayed the same for 2 s (up to 40 s).</summary>
    private static async Task<int> Settled(int pid)
    {
        var deadline = DateTime.UtcNow.AddSeconds(40);
        var last = -1;
        var since = DateTime.UtcNow;
        while (DateTime.UtcNow < deadline)
        {
            var now = Directory.GetDirectories($"/proc/{pid}/task").Length;
            if (now != last) { last = now; since = DateTime.UtcNow; }
            else if (DateTime.UtcNow - since > TimeSpan.FromSeconds(2)) return now;
            await Task.Delay(200);
        }
        throw new TimeoutException($"Tend's threads never settled (last {last})");
    }

    /// <summary>How many times Tend's threads have been put on a CPU: schedstat's third field, summed.</summary>
    private static long RunCount(int pid) => Directory.GetDirectories($"/proc/{pid}/task")
        .Sum(t => long.Parse(File.ReadAllText(Path.Combine(t, "schedstat")).Split(' ')[2], CultureInfo.InvariantCulture));
}
