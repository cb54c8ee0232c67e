using Tend.ContainerTests.Infrastructure;

namespace Tend.ContainerTests;

/// <summary>
/// Issue 20: a migration guide followed word for word. Its files are taken from the guide's own
/// fenced blocks (nothing retyped here), its Dockerfile is built as users build it (bases from
/// this machine, scripts/images.sh), and the container does what the guide says.
/// </summary>
public class GuideImageTests : IClassFixture<BuiltImages>
{
    /// <summary>The fenced blocks of a document under docs/, with their language.</summary>
    internal static List<(string Language, string Text)> Blocks(string document)
    {
        var lines = File.ReadAllLines(Path.Combine(Images.RepoRoot, "docs", document));
        var blocks = new List<(string, string)>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("```", StringComparison.Ordinal)) continue;
            var language = lines[i][3..].Trim();
            var start = i + 1;
            while (++i < lines.Length && !lines[i].StartsWith("```", StringComparison.Ordinal)) { }
            blocks.Add((language, string.Join('\n', lines[start..i]) + "\n"));
        }
        return blocks;
    }

    [Fact(Timeout = 600_000)]
    public async Task The_entrypoint_guides_image_starts_php_fpm_then_nginx_once_php_fpm_is_ready()
    {
        await Task.Yield();
        var blocks = Blocks("migrating/from-entrypoint-script.md");
        using var dir = new TempDir();
        dir.Write("tend.yaml", blocks.Single(b => b.Language == "yaml" && b.Text.Contains("programs:", StringComparison.Ordinal)).Text);
        dir.Write("Dockerfile", blocks.Single(b => b.Language == "dockerfile" && b.Text.Contains("COPY tend.yaml", StringComparison.Ordinal)).Text);
        var image = Images.BuildContext("guide-entrypoint", dir.Path);

        using var c = Container.Run(image);
        c.WaitForLine(@"php-fpm is ready", timeout: TimeSpan.FromSeconds(60));
        c.WaitForLine(@"nginx started pid");
        Assert.DoesNotContain(c.Stdout, l => l.Contains("FATAL", StringComparison.Ordinal));
        c.Stop(20);
        Assert.Equal(0, c.ExitCode);
    }

    /// <summary>
    /// Both steps of the runit guide, on the runit example's service tree: step 1's Dockerfile,
    /// then step 2's command run in that container (so the paths are the image's), then step 2's
    /// Dockerfile with the file it wrote.
    /// </summary>
    [Fact(Timeout = 600_000)]
    public async Task The_runit_guides_two_steps_run_the_same_services()
    {
        await Task.Yield();
        var blocks = Blocks("migrating/from-runit.md");
        var dockerfiles = blocks.Where(b => b.Language == "dockerfile").Select(b => b.Text).ToList();
        using var one = new TempDir();
        CopyTree(Path.Combine(Images.RepoRoot, "examples", "runit", "service"), one.File("service"));
        one.Write("Dockerfile", dockerfiles.Single(d => d.Contains("/usr/bin/runsvdir", StringComparison.Ordinal)));
        var stepOne = Images.BuildContext("guide-runit-1", one.Path);

        string yaml;
        using (var c = Container.Run(stepOne))
        {
            c.WaitForLine(@"web: listening$");
            c.WaitForLine(@"queue: job done$");
            var convert = blocks.Single(b => b.Language == "sh" && b.Text.Contains("tend convert", StringComparison.Ordinal)).Text.Trim();
            var (code, output, error) = c.Exec("sh", "-c", $"cd /tmp && {convert} && cat tend.yaml");
            Assert.True(code == 0, $"{convert}: {code}\n{output}\n{error}");
            yaml = output;
            c.Stop(10);
        }

        using var two = new TempDir();
        CopyTree(Path.Combine(Images.RepoRoot, "examples", "runit", "service"), two.File("service"));
        two.Write("tend.yaml", yaml);
        two.Write("Dockerfile", dockerfiles.Single(d => d.Contains("COPY tend.yaml", StringComparison.Ordinal)));
        var stepTwo = Images.BuildContext("guide-runit-2", two.Path);
        using var after = Container.Run(stepTwo);
        after.WaitForLine(@"^web\s+\| web: listening$");
        after.WaitForLine(@"^queue\s+\| queue: job done$");
        after.Stop(10);
        Assert.Equal(0, after.ExitCode);
    }

    /// <summary>
    /// Both steps of the supervisord guide, with the supervisord example's file: step 1's
    /// Dockerfile, then step 2's command as the guide shows it (in the directory that holds
    /// supervisord.conf), then step 2's whole Dockerfile with the file it wrote.
    /// </summary>
    [Fact(Timeout = 600_000)]
    public async Task The_supervisord_guides_two_steps_run_the_same_programs()
    {
        await Task.Yield();
        var blocks = Blocks("migrating/from-supervisord.md");
        var dockerfiles = blocks.Where(b => b.Language == "dockerfile").Select(b => b.Text).ToList();
        var conf = File.ReadAllText(Path.Combine(Images.RepoRoot, "examples", "supervisord", "supervisord.conf"));
        using var one = new TempDir();
        one.Write("supervisord.conf", conf);
        one.Write("Dockerfile", dockerfiles.Single(d => d.Contains("ln -s /usr/bin/tend /usr/bin/supervisord", StringComparison.Ordinal)));
        using (var c = Container.Run(Images.BuildContext("guide-supervisord-1", one.Path)))
        {
            c.WaitForLine(@"^web\s+\| web: listening$");
            c.WaitForLine(@"^worker\s+\| worker: job done$");
            c.Stop(10);
        }

        using var two = new TempDir();
        two.Write("supervisord.conf", conf);
        var convert = blocks.Single(b => b.Language == "sh" && b.Text.Contains("tend convert", StringComparison.Ordinal)).Text.Trim();
        var tendDir = Path.Combine(Images.RepoRoot, "out");
        var (code, output, error) = Command.Run("sh", ["-c", $"PATH={tendDir}:$PATH && {convert}"], TimeSpan.FromSeconds(30), two.Path);
        Assert.True(code == 0, $"{convert}: {code}\n{output}\n{error}");
        two.Write("Dockerfile", dockerfiles.Single(d => d.Contains("COPY tend.yaml", StringComparison.Ordinal)));
        using var after = Container.Run(Images.BuildContext("guide-supervisord-2", two.Path));
        after.WaitForLine(@"^web\s+\| web: listening$");
        after.WaitForLine(@"^worker\s+\| worker: job done$");
        after.Stop(10);
        Assert.Equal(0, after.ExitCode);
    }

    /// <summary>
    /// Step 1 of the s6-overlay guide on the s6-overlay example's tree, with the guide's CMD
    /// (`/app/server`, the user's own program: a small script here).
    /// </summary>
    [Fact(Timeout = 600_000)]
    public async Task The_s6_overlay_guides_first_step_runs_the_tree_and_the_CMD()
    {
        await Task.Yield();
        var blocks = Blocks("migrating/from-s6-overlay.md");
        using var one = S6Context();
        one.Write("Dockerfile", blocks.Single(b => b.Language == "dockerfile" && b.Text.Contains("/usr/bin/tend /init", StringComparison.Ordinal)).Text);

        using var c = Container.Run(Images.BuildContext("guide-s6-1", one.Path));
        c.WaitForLine(@"\| cont-init: preparing /run/app$");
        c.WaitForLine(@"\| ticker: tick$");
        c.WaitForLine(@"\| server: serving until stopped$");
        c.Stop(10);
        Assert.Equal(0, c.ExitCode);
    }

    /// <summary>
    /// Step 2 of the s6-overlay guide, word for word: its `tend convert --root rootfs -- /app/server`
    /// run on the converting machine, in the directory that holds rootfs/ (so every path it writes
    /// must be the image's, and nothing of this machine's PATH may reach the file), then step 2's
    /// whole Dockerfile with the tend.yaml it wrote. The converted file keeps the tree's order
    /// (the cont-init script and the s6-rc oneshot before the services, the services before the
    /// CMD) and the CMD is the main program: its exit code is the container's.
    /// </summary>
    [Fact(Timeout = 600_000)]
    public async Task The_s6_overlay_guides_second_step_converts_the_tree_and_runs_it_from_tend_yaml()
    {
        await Task.Yield();
        var blocks = Blocks("migrating/from-s6-overlay.md");
        using var two = S6Context(serverExit: 7);
        var convert = blocks.Single(b => b.Language == "sh" && b.Text.Contains("tend convert", StringComparison.Ordinal)).Text.Trim();
        var tendDir = Path.Combine(Images.RepoRoot, "out");
        var (code, output, error) = Command.Run("sh", ["-c", $"PATH={tendDir}:$PATH && {convert}"], TimeSpan.FromSeconds(30), two.Path);
        Assert.True(code == 0, $"{convert}: {code}\n{output}\n{error}");
        var yaml = File.ReadAllText(two.File("tend.yaml"));
        Assert.DoesNotContain(two.Path, yaml, StringComparison.Ordinal);
        Assert.DoesNotContain(tendDir, yaml, StringComparison.Ordinal);
        two.Write("Dockerfile", blocks.Single(b => b.Language == "dockerfile" && b.Text.Contains("COPY tend.yaml", StringComparison.Ordinal)).Text);

        using var c = Container.Run(Images.BuildContext("guide-s6-2", two.Path));
        c.WaitForLine(@"^tend\s+\| cmd started pid \d+$");
        var lines = c.Stdout.ToList();
        int Index(string pattern) => lines.FindIndex(l => System.Text.RegularExpressions.Regex.IsMatch(l, pattern));
        Assert.True(Index(@"\| cont-init: preparing /run/app$") is >= 0 and var banner
            && Index(@"\| init-dirs: /run/app/data ready$") is > 0 and var dirs && dirs > banner
            && Index(@"\| api: listening$") > dirs && Index(@"^tend\s+\| ticker started pid") > banner,
            "the converted file does not keep the tree's order:\n" + string.Join('\n', lines));
        c.WaitForLine(@"\| server: serving until stopped$");
        c.WaitForLine(@"\| ticker: tick$");
        Assert.DoesNotContain(c.Stdout, l => l.Contains("FATAL", StringComparison.Ordinal));
        c.Stop(10);
        Assert.Equal(7, c.ExitCode);
    }

    /// <summary>
    /// The walkthrough's step 1, word for word: its tend.yaml and its Dockerfile (Debian's nginx,
    /// php-fpm and MariaDB), with a site/ of one PHP page (the walkthrough leaves the site to the
    /// reader) and the nginx.conf it shows. "starts the database's init, then MariaDB, then php-fpm and nginx once MariaDB
    /// answers": the page is served through nginx and php-fpm, and Tend reports the stack healthy.
    /// </summary>
    [Fact(Timeout = 900_000)]
    public async Task The_walkthroughs_all_in_one_image_serves_a_php_page_once_mariadb_answers()
    {
        await Task.Yield();
        var blocks = Blocks("walkthrough-lemp.md");
        using var dir = new TempDir();
        dir.Write("tend.yaml", blocks.First(b => b.Language == "yaml" && b.Text.StartsWith("# tend.yaml\nprograms:", StringComparison.Ordinal)).Text);
        foreach (var extra in blocks.Where(b => b.Text.StartsWith("# site/", StringComparison.Ordinal) || b.Text.StartsWith("# nginx.conf", StringComparison.Ordinal)))
            dir.Write(extra.Text[2..extra.Text.IndexOf('\n')].Split(' ')[0].TrimEnd(':'), extra.Text);
        Directory.CreateDirectory(dir.File("site"));
        dir.Write("site/index.php", "<?php echo 'page: ' . (1 + 1) . \"\\n\";\n");
        dir.Write("Dockerfile", blocks.Single(b => b.Language == "dockerfile" && b.Text.Contains("COPY site/", StringComparison.Ordinal)).Text);

        using var c = Container.Run(Images.BuildContext("guide-walkthrough", dir.Path));
        c.WaitForLine(@"^tend\s+\| nginx is ready", timeout: TimeSpan.FromSeconds(120));
        var (code, output, error) = c.Exec("php", "-r", "echo file_get_contents('http://127.0.0.1:8080/index.php');");
        Assert.True(code == 0 && output.Contains("page: 2", StringComparison.Ordinal), $"{code}\n{output}\n{error}\n" + string.Join('\n', c.Stdout));
        var health = c.Exec("tend", "health");
        Assert.True(health.Code == 0, health.Out + health.Err);
        Assert.DoesNotContain(c.Stdout, l => l.Contains("FATAL", StringComparison.Ordinal));
        c.Stop(40);
        Assert.Equal(0, c.ExitCode);
    }

    /// <summary>
    /// A build context holding the s6-overlay example's tree as rootfs/ and the guide's CMD
    /// `/app/server` in it (a small script that exits <paramref name="serverExit"/> on SIGTERM).
    /// </summary>
    private static TempDir S6Context(int serverExit = 0)
    {
        var dir = new TempDir();
        CopyTree(Path.Combine(Images.RepoRoot, "examples", "s6-overlay", "root"), dir.File("rootfs"));
        Directory.CreateDirectory(dir.File("rootfs/app"));
        var server = dir.Write("rootfs/app/server", $"#!/bin/sh\necho 'server: serving until stopped'\ntrap 'exit {serverExit}' TERM\nwhile :; do sleep 1; done\n");
        var chmod = Command.Run("chmod", ["755", server], TimeSpan.FromSeconds(10));
        Assert.True(chmod.Code == 0, chmod.Err);
        return dir;
    }

    private static void CopyTree(string from, string to)
    {
        var (code, output, error) = Command.Run("cp", ["-a", from, to], TimeSpan.FromSeconds(30));
        Assert.True(code == 0, output + error);
    }
}
