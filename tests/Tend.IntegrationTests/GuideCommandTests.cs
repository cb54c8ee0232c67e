using System.Text.RegularExpressions;
using Tend.IntegrationTests.Infrastructure;

namespace Tend.IntegrationTests;

/// <summary>
/// Issue 20, item 8: every `tend check|convert|export ...` command the migration guides and the
/// walkthrough give (in a sh block or inline) is run as written, in a directory laid out as the
/// guide assumes (rootfs/ the s6-overlay example's tree, the runit example's tree for
/// /etc/service, the supervisord example's file, the page's own tend.yaml), and must succeed
/// without an error; what the guides say of the results (step 3's services and init containers,
/// "splits them into two services") is checked from the files written.
/// </summary>
public partial class GuideCommandTests
{
    private static readonly string[] Documents =
        ["docs/migrating/from-entrypoint-script.md", "docs/migrating/from-runit.md", "docs/migrating/from-s6-overlay.md",
         "docs/migrating/from-supervisord.md", "docs/walkthrough-lemp.md"];

    /// <summary>Every whole command of the guides: a `tend` line of a sh block, or inline code naming a verb and what it reads.</summary>
    public static TheoryData<string, string> Commands()
    {
        var data = new TheoryData<string, string>();
        foreach (var doc in Documents)
        {
            var text = DocBlocks.Text(doc);
            foreach (var block in DocBlocks.Of(doc).Where(b => b.Language == "sh"))
                foreach (var line in block.Text.Split('\n').Where(l => l.StartsWith("tend ", StringComparison.Ordinal)))
                    data.Add(doc, Regex.Replace(line, @"\s+#.*$", "").Trim());
            var prose = Regex.Replace(Regex.Replace(text, "```.*?```", "", RegexOptions.Singleline), @"\n\s*", " ");
            foreach (Match m in InlineCommand().Matches(prose)) data.Add(doc, m.Groups["command"].Value);
        }
        return data;
    }

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(Commands))]
    public async Task A_command_a_guide_gives_runs_without_an_error(string document, string command)
    {
        await Task.Yield();
        using var dir = Layout(document);
        var (code, output, error) = Sh(dir, command);
        Assert.True(code == 0, $"{document}: `{command}` exited {code}\n{output}\n{error}");
        Assert.DoesNotContain(error.Split('\n'), l => l.Contains("error", StringComparison.OrdinalIgnoreCase));
    }

    [Fact(Timeout = 60_000)]
    public async Task The_s6_overlay_guides_step_3_makes_cont_init_a_service_to_complete_and_in_kubernetes_what_it_says()
    {
        await Task.Yield();
        using var dir = Layout("docs/migrating/from-s6-overlay.md");
        var compose = Sh(dir, "tend export compose --root rootfs").Out;
        Assert.Matches(@"cont-init-10-banner:\s+condition: service_completed_successfully", compose);
        var pod = Sh(dir, "tend export kubernetes --root rootfs").Out;
        Assert.Contains("- name: cont-init-10-banner", pod, StringComparison.Ordinal);
        Assert.DoesNotContain("initContainers", pod, StringComparison.Ordinal);
        var split = Sh(dir, "tend export kubernetes --root rootfs --layout split").Out;
        Assert.Matches(@"initContainers:\s+- name: cont-init-10-banner", split);
        Assert.Contains("  cmd:", Sh(dir, "tend export compose --root rootfs -- /app/server").Out, StringComparison.Ordinal);
    }

    /// <summary>"`tend check --root rootfs -- /app/server` shows each service, its kind and what it waits for."</summary>
    [Fact(Timeout = 60_000)]
    public async Task The_s6_overlay_guides_check_shows_each_service_its_kind_and_what_it_waits_for()
    {
        await Task.Yield();
        using var dir = Layout("docs/migrating/from-s6-overlay.md");
        var command = Commands().Where(r => (string)r[0] == "docs/migrating/from-s6-overlay.md").Select(r => (string)r[1])
            .Single(c => c.StartsWith("tend check", StringComparison.Ordinal));
        var (code, output, error) = Sh(dir, command);
        Assert.True(code == 0, output + error);
        foreach (var (service, kind) in new[] { ("cont-init-10-banner", "oneshot"), ("init-dirs", "oneshot"), ("api", "longrun"), ("ticker", "longrun"), ("cmd", "longrun; the CMD") })
            Assert.Matches($@"(?m)^#\s+{service}: {Regex.Escape(kind)}", output);
        Assert.Matches(@"cmd:[^\n]*\n(?:    [^\n]*\n)*?    depends_on:\n      cont-init-10-banner: \{condition: completed_successfully\}\n      api: \{condition: ready\}", output);
    }

    /// <summary>The walkthrough's step 2 as one script: the export, then `docker-compose config -q` on what it wrote.</summary>
    [Fact(Timeout = 60_000)]
    public async Task The_walkthroughs_compose_export_validates_with_docker_compose()
    {
        await Task.Yield();
        Tools.Require("docker-compose");
        using var dir = Layout("docs/walkthrough-lemp.md");
        var script = DocBlocks.Single("docs/walkthrough-lemp.md", "sh", "docker-compose config -q").Text;
        var (code, output, error) = Tools.Run("sh", ["-ec", script], dir.Path, TimeSpan.FromSeconds(30),
            new Dictionary<string, string> { ["PATH"] = $"{Path.GetDirectoryName(Paths.Tend)}:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" });
        Assert.True(code == 0, $"{script}\nexited {code}\n{output}\n{error}");
        Assert.Contains("  php-fpm:", File.ReadAllText(dir.File("docker-compose.yml")), StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task The_entrypoint_guides_export_splits_php_fpm_and_nginx_into_two_services()
    {
        await Task.Yield();
        using var dir = Layout("docs/migrating/from-entrypoint-script.md");
        var command = Commands().Where(r => (string)r[0] == "docs/migrating/from-entrypoint-script.md").Select(r => (string)r[1])
            .Single(c => c.StartsWith("tend export compose tend.yaml", StringComparison.Ordinal));
        var compose = Sh(dir, command).Out;
        var services = Regex.Matches(compose, @"(?m)^  (?<name>[\w-]+):$").Select(m => m.Groups["name"].Value).ToList();
        Assert.Equal(["php-fpm", "nginx"], services);
        Assert.Matches(@"php-fpm:\s+condition: service_healthy", compose);
    }

    [Fact(Timeout = 60_000)]
    public async Task The_runit_and_supervisord_guides_conversions_comment_what_tend_yaml_has_no_key_for()
    {
        await Task.Yield();
        using var runit = Layout("docs/migrating/from-runit.md");
        var (_, _, warnings) = Sh(runit, "tend convert service --to yaml > tend.yaml");
        var yaml = File.ReadAllText(runit.File("tend.yaml"));
        Assert.Contains("# tend: finish script", yaml, StringComparison.Ordinal);                        // finish
        Assert.Contains("# tend: program web-log is not converted: it logs web's output", yaml, StringComparison.Ordinal); // log/run
        Assert.Matches(@"tend: warning: service/queue/run:\d+: queue: finish script", warnings);

        using var supervisord = Layout("docs/migrating/from-supervisord.md");
        (_, _, warnings) = Sh(supervisord, "tend convert supervisord.conf --to yaml > tend.yaml");
        yaml = File.ReadAllText(supervisord.File("tend.yaml"));
        Assert.Matches(@"stop_as_group: false", yaml);  // stopasgroup=false: a key now, no comment
        Assert.DoesNotContain("stopasgroup", warnings, StringComparison.Ordinal);
    }

    /// <summary>
    /// The s6-overlay guide's step 2: "cont-init scripts become programs with `restart: never` that
    /// the services wait for (`completed_successfully`); `finish`, `notification-fd` ... and
    /// `cont-finish.d` become comments", and the CMD is the `main: true` program.
    /// </summary>
    [Fact(Timeout = 60_000)]
    public async Task The_s6_overlay_guides_conversion_is_what_step_2_says()
    {
        await Task.Yield();
        using var dir = Layout("docs/migrating/from-s6-overlay.md");
        var command = DocBlocks.Single("docs/migrating/from-s6-overlay.md", "sh", "tend convert").Text.Trim();
        var (code, _, warnings) = Sh(dir, command);
        Assert.True(code == 0, warnings);
        var yaml = File.ReadAllText(dir.File("tend.yaml"));
        Assert.Matches(@"cont-init-10-banner:\n    command: \[/etc/cont-init.d/10-banner\]\n(?:    [^\n]*\n)*?    restart: never", yaml);
        Assert.Matches(@"(?m)^      cont-init-10-banner:\n        condition: completed_successfully", yaml);
        Assert.Contains("# tend: finish script /etc/services.d/ticker/finish", yaml, StringComparison.Ordinal);
        Assert.Contains("# tend: notification-fd 3", yaml, StringComparison.Ordinal);
        Assert.Contains("# tend: shutdown command /etc/cont-finish.d/10-goodbye (cont-finish.d)", yaml, StringComparison.Ordinal);
        Assert.Matches(@"cmd:\n    command: \[/app/server\]\n(?:    [^\n]*\n)*?    main: true", yaml);
    }

    /// <summary>
    /// The directory a guide's commands run in: its trees and files where the guide has them, the
    /// absolute paths of the image (/etc/service, /etc/supervisor/...) mapped into it by <see cref="Sh"/>.
    /// </summary>
    private static TempDir Layout(string document)
    {
        var dir = new TempDir();
        Copy(Path.Combine(Paths.RepoRoot, "examples", "s6-overlay", "root"), dir.File("rootfs"));
        Directory.CreateDirectory(dir.File("rootfs/app"));
        File.WriteAllText(dir.File("rootfs/app/server"), "#!/bin/sh\nexec sleep 1000\n");
        File.SetUnixFileMode(dir.File("rootfs/app/server"), (UnixFileMode)0b111_101_101);
        Copy(Path.Combine(Paths.RepoRoot, "examples", "runit", "service"), dir.File("service"));
        File.Copy(Path.Combine(Paths.RepoRoot, "examples", "supervisord", "supervisord.conf"), dir.File("supervisord.conf"));
        var tendYaml = DocBlocks.Of(document).FirstOrDefault(b => b.Language == "yaml" && Regex.IsMatch(b.Text, "(?m)^programs:"));
        if (tendYaml is not null) dir.Write("tend.yaml", tendYaml.Text);
        // The walkthrough's section 4 runs from the repository root.
        File.CreateSymbolicLink(dir.File("examples"), Path.Combine(Paths.RepoRoot, "examples"));
        return dir;
    }

    private static (int Code, string Out, string Err) Sh(TempDir dir, string command)
    {
        var mapped = command
            .Replace("/etc/supervisor/supervisord.conf", "supervisord.conf", StringComparison.Ordinal)
            .Replace("/etc/service", "service", StringComparison.Ordinal);
        return Tools.Run("sh", ["-c", mapped], dir.Path, TimeSpan.FromSeconds(30),
            new Dictionary<string, string> { ["PATH"] = $"{Path.GetDirectoryName(Paths.Tend)}:/usr/sbin:/usr/bin:/sbin:/bin" });
    }

    private static void Copy(string from, string to)
    {
        var (code, _, err) = Tools.Run("cp", ["-a", from, to]);
        Assert.True(code == 0, err);
    }

    /// <summary>Inline `tend VERB ...` with something to read after the verb (a bare `tend check` names the verb only).</summary>
    [GeneratedRegex(@"`(?<command>tend (?:check|convert|export (?:compose|kubernetes)) (?:--root )?[\w./-]+[^`]*)`")]
    private static partial Regex InlineCommand();
}
