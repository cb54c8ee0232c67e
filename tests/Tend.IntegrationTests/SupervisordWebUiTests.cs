using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Tend.IntegrationTests.Infrastructure;

namespace Tend.IntegrationTests;

/// <summary>
/// supervisord's web interface, as its users open it: a browser (here an HTTP client that sends what
/// one sends) on the [inet_http_server] port or the [unix_http_server] socket of a supervisord.conf
/// that Tend runs as PID 1. The actions must say and do what the real supervisord's say and do.
/// </summary>
public class SupervisordWebUiTests
{
    private const string Programs = """
        [program:web]
        command=sh -c 'echo "web says hello"; exec sleep 100000'
        startsecs=0

        [program:worker]
        command=sleep 100000
        startsecs=0
        """;

    private static string InetConf(int port, string dir, string name) => $"""
        [supervisord]
        nodaemon=true
        logfile={dir}/{name}-supervisord.log
        pidfile={dir}/{name}.pid
        childlogdir={dir}

        [inet_http_server]
        port=127.0.0.1:{port}
        username=admin
        password=secret

        [rpcinterface:supervisor]
        supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

        {Programs}
        """;

    private static HttpClient Browser(int port, string? user = "admin:secret")
    {
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(30) };
        if (user is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes(user)));
        return client;
    }

    private static async Task<string> Page(HttpClient client, string path = "/")
    {
        using var reply = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        return await reply.Content.ReadAsStringAsync();
    }

    private static int PidOf(string page, string name)
    {
        var m = Regex.Match(page, $"data-name=\"{name}\"><td class=\"running\">running</td><td>pid (\\d+), uptime");
        return m.Success ? int.Parse(m.Groups[1].Value) : 0;
    }

    private static async Task<string> WaitForPage(HttpClient client, Func<string, bool> until, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var page = await Page(client);
            if (until(page)) return page;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"waited for {what}; last page:\n{page}");
            await Task.Delay(100);
        }
    }

    /// <summary>A button of the page: a POST of its form, as the browser sends it from the page itself.</summary>
    private static async Task<string> Click(HttpClient client, string action, string? processname)
    {
        var fields = new Dictionary<string, string> { ["action"] = action };
        if (processname is not null) fields["processname"] = processname;
        using var request = new HttpRequestMessage(HttpMethod.Post, "index.html") { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add("Sec-Fetch-Site", "same-origin");
        request.Headers.Add("Origin", client.BaseAddress!.GetLeftPart(UriPartial.Authority));
        using var reply = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.SeeOther, reply.StatusCode);
        return MessageOf(reply);
    }

    /// <summary>The message an action's redirect carries (?message=...), as the next page shows it.</summary>
    private static string MessageOf(HttpResponseMessage reply)
    {
        var location = reply.Headers.Location?.OriginalString ?? throw new InvalidOperationException($"no Location in {(int)reply.StatusCode}");
        var query = location[(location.IndexOf("?message=", StringComparison.Ordinal) + "?message=".Length)..];
        return Uri.UnescapeDataString(query.Replace('+', ' '));
    }

    [Fact(Timeout = 90_000)]
    public async Task I_open_port_9001_in_a_browser_log_in_and_restart_stop_start_tail_and_clear_a_program()
    {
        using var dir = new TempDir();
        var port = Ctl.FreePort();
        using var tend = TendHost.Start(["run", dir.Write("supervisord.conf", InetConf(port, dir.Path, "tend"))]);
        tend.WaitForLine("worker started");

        using var anonymous = Browser(port, user: null);
        using (var refused = await anonymous.GetAsync("/"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Contains("Basic", refused.Headers.WwwAuthenticate.ToString());
        }
        using (var wrong = Browser(port, "admin:wrong"))
        using (var refused = await wrong.PostAsync("index.html", new FormUrlEncodedContent(new Dictionary<string, string> { ["action"] = "stopall" })))
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        using var browser = Browser(port);
        var page = await WaitForPage(browser, p => PidOf(p, "web") > 0 && PidOf(p, "worker") > 0, "both programs running");
        Assert.Contains("<a href=\"tail.html?processname=web\">web</a>", page);
        Assert.Contains("href=\"logtail/web/stderr\"", page);
        var pid = PidOf(page, "web");

        Assert.Equal("Process web restarted", await Click(browser, "restart", "web"));
        var after = await Page(browser, "/?message=Process%20web%20restarted");
        Assert.Contains("Process web restarted", after);
        var newPid = PidOf(after, "web");
        Assert.True(newPid > 0 && newPid != pid, $"pid {pid} should have changed:\n{after}");

        // supervisord's own links (GET with the action in the query) still work for scripts and bookmarks.
        using (var stop = await browser.GetAsync("index.html?processname=web&action=stop"))
            Assert.Equal("Process web stopped", MessageOf(stop));
        Assert.Contains("<td class=\"nominal\">stopped</td>", await Page(browser));
        Assert.Equal("Process web started", await Click(browser, "start", "web"));
        Assert.Equal("ERROR: Process web: already started", await Click(browser, "start", "web"));
        Assert.Equal("No such process named nosuch", await Click(browser, "stop", "nosuch"));
        using (var bogus = await browser.GetAsync("index.html?processname=web&action=explode"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bogus.StatusCode);
            Assert.Contains("unknown action \"explode\"", await bogus.Content.ReadAsStringAsync());
        }

        // web said hello at each of its three starts; the last line may still be on its way to the
        // log when start returns, and a clear before it arrives would leave it to be seen after.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (Regex.Matches(await Page(browser, "tail.html?processname=web"), "web says hello").Count < 3)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the tail never showed web's three hellos");
            await Task.Delay(50);
        }
        Assert.Equal("Log for web cleared", await Click(browser, "clearlog", "web"));
        Assert.DoesNotContain("web says hello", await Page(browser, "tail.html?processname=web"));

        Assert.Matches(@"^All stopped at \w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}$", await Click(browser, "stopall", null));
        Assert.DoesNotContain("class=\"running\"", await Page(browser));
        Assert.StartsWith("All restarted at ", await Click(browser, "restartall", null));
        await WaitForPage(browser, p => PidOf(p, "web") > 0 && PidOf(p, "worker") > 0, "both programs running again");
        tend.Signal(15);
        tend.WaitForExit();
    }

    [Fact(Timeout = 60_000)]
    public async Task A_page_of_another_site_cannot_stop_my_programs_with_the_credentials_my_browser_keeps()
    {
        using var dir = new TempDir();
        var port = Ctl.FreePort();
        using var tend = TendHost.Start(["run", dir.Write("supervisord.conf", InetConf(port, dir.Path, "tend"))]);
        tend.WaitForLine("worker started");
        using var browser = Browser(port);
        var before = await WaitForPage(browser, p => PidOf(p, "web") > 0, "web running");

        // What a form or an <img> on evil.example makes the browser send, credentials included.
        using (var post = new HttpRequestMessage(HttpMethod.Post, "index.html") { Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["action"] = "stopall" }) })
        {
            post.Headers.Add("Origin", "http://evil.example");
            post.Headers.Add("Sec-Fetch-Site", "cross-site");
            using var reply = await browser.SendAsync(post);
            Assert.Equal(HttpStatusCode.Forbidden, reply.StatusCode);
        }
        using (var img = new HttpRequestMessage(HttpMethod.Get, "index.html?processname=web&action=stop"))
        {
            img.Headers.Add("Sec-Fetch-Site", "cross-site");
            using var reply = await browser.SendAsync(img);
            Assert.Equal(HttpStatusCode.Forbidden, reply.StatusCode);
        }
        var after = await Page(browser);
        Assert.Equal(PidOf(before, "web"), PidOf(after, "web"));
        Assert.True(PidOf(after, "worker") > 0, after);
        tend.Signal(15);
        tend.WaitForExit();
    }

    [Fact(Timeout = 60_000)]
    public async Task The_unix_http_server_socket_serves_the_same_page_to_curl()
    {
        using var dir = new TempDir();
        var sock = dir.File("supervisor.sock");
        using var tend = TendHost.Start(["run", dir.Write("supervisord.conf", $"""
            [unix_http_server]
            file={sock}

            [supervisord]
            nodaemon=true

            [rpcinterface:supervisor]
            supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

            {Programs}
            """)]);
        tend.WaitForLine("worker started");
        var (code, page, err) = Tools.Run("curl", ["-sS", "--unix-socket", sock, "http://localhost/"]);
        Assert.True(code == 0, err);
        Assert.Contains("<table id=\"status\">", page);
        Assert.Contains("data-name=\"worker\"", page);
        var (_, tail, _) = Tools.Run("curl", ["-sS", "--unix-socket", sock, "http://localhost/tail.html?processname=web"]);
        Assert.Contains("web says hello", tail);
        tend.Signal(15);
        tend.WaitForExit();
    }

    /// <summary>
    /// The same clicks on the real supervisord (Debian's package) and on Tend, on the same file: the
    /// messages the page shows afterwards must be the same, times aside.
    /// </summary>
    [Fact(Timeout = 120_000)]
    public async Task Each_action_says_what_the_real_supervisord_says()
    {
        using var dir = new TempDir();
        var tendPort = Ctl.FreePort();
        var realPort = Ctl.FreePort();
        using var tend = TendHost.Start(["run", dir.Write("tend.conf", InetConf(tendPort, dir.Path, "tend"))]);
        var psi = new ProcessStartInfo(Tools.Require("supervisord"), ["-n", "-c", dir.Write("real.conf", InetConf(realPort, dir.Path, "real"))])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        using var real = Process.Start(psi)!;
        real.BeginOutputReadLine();
        real.BeginErrorReadLine();
        try
        {
            using var onTend = Browser(tendPort);
            using var onReal = Browser(realPort);
            await WaitUntilServing(onReal);
            await WaitForPage(onTend, p => PidOf(p, "web") > 0 && PidOf(p, "worker") > 0, "tend's programs running");
            await WaitForPage(onReal, p => Regex.IsMatch(p, "running.*running", RegexOptions.Singleline), "supervisord's programs running");
            string[] steps =
            [
                "processname=web&action=restart", "processname=web&action=stop", "processname=web&action=stop",
                "processname=web&action=start", "processname=web&action=start", "processname=nosuch&action=start",
                "processname=web&action=clearlog", "action=stopall", "action=restartall", "action=refresh",
            ];
            foreach (var step in steps)
            {
                using var fromTend = await onTend.GetAsync("index.html?" + step);
                using var fromReal = await onReal.GetAsync("index.html?" + step);
                Assert.Equal(Normalize(MessageOf(fromReal)), Normalize(MessageOf(fromTend)));
            }
        }
        finally
        {
            real.Kill(entireProcessTree: true);
            real.WaitForExit(5000);
            tend.Signal(15);
            tend.WaitForExit();
        }
    }

    private static string Normalize(string message) => Regex.Replace(message, @"\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}", "TIME");

    private static async Task WaitUntilServing(HttpClient client)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                using var reply = await client.GetAsync("ok.html");
                if (reply.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException e) when (e.InnerException is SocketException && DateTime.UtcNow < deadline)
            {
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException("supervisord never answered ok.html");
            await Task.Delay(100);
        }
    }
}
