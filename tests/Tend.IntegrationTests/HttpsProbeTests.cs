using Tend.IntegrationTests.Infrastructure;

namespace Tend.IntegrationTests;

/// <summary>
/// https:// probes (issue 24), against a real HTTPS server with a self-signed certificate made
/// by the test (openssl), run by Tend itself: with insecure_skip_verify the program becomes ready
/// and what waits for it starts; without it the certificate is refused and the log says why;
/// `tend probe` trusts a certificate the image's CA settings name (SSL_CERT_FILE); and in a root
/// with no libssl at all (FROM scratch) the failure names what is missing.
/// </summary>
public class HttpsProbeTests
{
    /// <summary>A certificate for 127.0.0.1 and localhost, and a Python HTTPS server on <paramref name="port"/> using it.</summary>
    private static (string Cert, string Server) Prepare(TempDir dir, int port)
    {
        var cert = dir.File("cert.pem");
        var key = dir.File("key.pem");
        var made = Tools.Run("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1",
            "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"]);
        Assert.True(made.Code == 0, made.Err);
        var server = dir.Write("https_server.py", $$"""
            import http.server, ssl
            class Ok(http.server.BaseHTTPRequestHandler):
                def do_GET(self):
                    self.send_response(200); self.send_header("Content-Length", "2"); self.end_headers(); self.wfile.write(b"ok")
                def log_message(self, *args): pass
            httpd = http.server.HTTPServer(("127.0.0.1", {{port}}), Ok)
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain("{{cert}}", "{{key}}")
            httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
            print("serving https", flush=True)
            httpd.serve_forever()
            """);
        return (cert, server);
    }

    [Fact(Timeout = 60_000)]
    public async Task An_https_readiness_probe_with_insecure_skip_verify_passes_and_without_it_names_the_certificate_problem()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var port = Ctl.FreePort();
        var (_, server) = Prepare(dir, port);
        using var tend = TendHost.Run(dir, $$"""
            programs:
              web:
                command: [{{Tools.Require("python3")}}, {{server}}]
                readiness: {http: "https://127.0.0.1:{{port}}/health", insecure_skip_verify: true, interval: 200ms}
              client:
                command: [/bin/sh, -c, 'echo client up; exec sleep 1000']
                depends_on:
                  web: ready
              strict:
                command: [/bin/sh, -c, 'exec sleep 1000']
                readiness: {http: "https://127.0.0.1:{{port}}/", interval: 200ms}
            """);
        tend.WaitForLine("| client up", TimeSpan.FromSeconds(30));
        var refused = tend.WaitForLine(l => l.Contains("strict: readiness probe failed", StringComparison.Ordinal)
            && l.Contains("certificate is not accepted", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Assert.Contains("not signed by a trusted authority", refused);
        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
    }

    [Fact(Timeout = 60_000)]
    public async Task Tend_probe_trusts_the_certificate_the_image_trusts_and_refuses_a_name_it_was_not_issued_for()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var port = Ctl.FreePort();
        var (cert, server) = Prepare(dir, port);
        using var https = TendHost.Run(dir, $"programs:\n  web:\n    command: [{Tools.Require("python3")}, {server}]\n");
        https.WaitForLine("| serving https");
        var env = new Dictionary<string, string> { ["SSL_CERT_FILE"] = cert };

        var trusted = Tools.Run(Paths.Tend, ["probe", "http", $"https://localhost:{port}/"], env: env);
        Assert.True(trusted.Code == 0, trusted.Err);
        Assert.Contains("passed: HTTP 200", trusted.Err);

        var other = Tools.Run("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", dir.File("k2.pem"), "-out", dir.File("c2.pem"),
            "-days", "1", "-subj", "/CN=elsewhere", "-addext", "subjectAltName=DNS:elsewhere"]);
        Assert.True(other.Code == 0, other.Err);
        var untrusted = Tools.Run(Paths.Tend, ["probe", "http", $"https://localhost:{port}/"], env: new Dictionary<string, string> { ["SSL_CERT_FILE"] = dir.File("c2.pem") });
        Assert.Equal(1, untrusted.Code);
        Assert.Contains("not signed by a trusted authority", untrusted.Err);

        https.Signal(15);
        Assert.Equal(0, https.WaitForExit());
    }

    [Fact(Timeout = 60_000)]
    public async Task In_a_root_without_libssl_an_https_probe_fails_naming_what_is_missing()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var port = Ctl.FreePort();
        var (_, server) = Prepare(dir, port);
        using var https = TendHost.Run(dir, $"programs:\n  web:\n    command: [{Tools.Require("python3")}, {server}]\n");
        https.WaitForLine("| serving https");

        var root = Path.Combine(dir.Path, "scratch");
        Directory.CreateDirectory(root);
        File.Copy(Paths.Tend, Path.Combine(root, "tend"));
        var probe = Tools.Run("chroot", [root, "/tend", "probe", "http", "--insecure-skip-verify", $"https://127.0.0.1:{port}/"]);
        Assert.Equal(1, probe.Code);
        Assert.Contains("https needs OpenSSL's libssl (libssl.so.3 or libssl.so.1.1", probe.Err);
        Assert.Contains("apt-get install libssl3", probe.Err);

        // The same binary with the image's libssl beside it (a Debian root's files) passes.
        foreach (var lib in new[] { "libssl.so.3", "libcrypto.so.3", "libc.so.6", "ld-linux-x86-64.so.2" })
        {
            var found = new[] { "/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu" }.Select(d => Path.Combine(d, lib)).FirstOrDefault(File.Exists);
            Assert.True(found is not null, $"{lib} not found on this machine (Debian's libssl3 and libc6)");
            var target = Path.Combine(root, "lib/x86_64-linux-gnu", lib);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(found, target);
        }
        var withLibssl = Tools.Run("chroot", [root, "/tend", "probe", "http", "--insecure-skip-verify", $"https://127.0.0.1:{port}/"]);
        Assert.True(withLibssl.Code == 0, withLibssl.Err);

        https.Signal(15);
        Assert.Equal(0, https.WaitForExit());
    }

    /// <summary>
    /// A musl root with a library named libssl.so.3: .NET's OpenSSL shim aborted the process on it
    /// ("Cannot get required symbol ... from libssl", SIGABRT: fatal for PID 1); Tend now checks
    /// for glibc and OpenSSL's entry points before .NET loads anything.
    /// </summary>
    [Fact(Timeout = 60_000)]
    public async Task In_a_musl_root_an_https_probe_fails_with_the_reason_instead_of_aborting()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var root = Path.Combine(dir.Path, "musl");
        Directory.CreateDirectory(Path.Combine(root, "lib"));
        Directory.CreateDirectory(Path.Combine(root, "usr/lib"));
        var source = dir.Write("fake.c", "int SSL_library_init(void) { return 1; }\n");
        var built = Tools.Run("musl-gcc", ["-shared", "-fPIC", "-o", Path.Combine(root, "usr/lib/libssl.so.3"), source]);
        Assert.True(built.Code == 0, built.Err);
        File.Copy("/lib/ld-musl-x86_64.so.1", Path.Combine(root, "lib/ld-musl-x86_64.so.1"));
        File.CreateSymbolicLink(Path.Combine(root, "lib/libc.so"), "ld-musl-x86_64.so.1");
        File.Copy(Paths.Tend, Path.Combine(root, "tend"));

        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0); // accepts: the TLS check comes after connecting
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        var probe = Tools.Run("chroot", [root, "/tend", "probe", "http", "--insecure-skip-verify", $"https://127.0.0.1:{port}/"]);
        listener.Stop();
        Assert.Equal(1, probe.Code); // not 134 (SIGABRT)
        Assert.Contains("no glibc libc.so.6; a libssl built for musl, as Alpine's, cannot be used", probe.Err);
    }
}
