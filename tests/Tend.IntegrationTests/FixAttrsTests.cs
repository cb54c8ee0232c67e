using Tend.IntegrationTests.Corpus;
using Tend.IntegrationTests.Infrastructure;
using static Tend.IntegrationTests.Infrastructure.ScriptTree;

namespace Tend.IntegrationTests;

/// <summary>
/// s6-overlay's /etc/fix-attrs.d (v2, and v3 where it is deprecated but still applied): each line
/// `path recurse account fmode dmode` changes owners and modes before any cont-init.d script runs,
/// and the fix-attrs helper applies the lines of its standard input, with the account forms
/// s6-overlay's README lists.
/// </summary>
public class FixAttrsTests
{
    /// <summary>
    /// A new root for Tend in its mount namespace: every top-level directory of this machine bound
    /// into a tmpfs, plus /config (the image's volume, which this machine has not) and the abc user
    /// (uid 911, as linuxserver.io images create it) in a private copy of /etc/passwd and /etc/group.
    /// </summary>
    private static string[] ImageRoot(TempDir dir, string configSetup) =>
    [
        "sh", "-c", $"""
            set -e
            D={dir.Path}/newroot; mkdir -p $D; mount -t tmpfs tmpfs $D
            for p in /*; do n=${"{"}p#/{"}"}; if [ -L "$p" ]; then cp -P "$p" "$D/$n"; elif [ -d "$p" ]; then mkdir "$D/$n"; mount --rbind "$p" "$D/$n"; fi; done
            cp /etc/passwd {dir.Path}/passwd; echo 'abc:x:911:911::/config:/bin/false' >> {dir.Path}/passwd; mount --bind {dir.Path}/passwd $D/etc/passwd
            cp /etc/group {dir.Path}/group; echo 'abc:x:911:' >> {dir.Path}/group; mount --bind {dir.Path}/group $D/etc/group
            mkdir $D/config; cd $D/config; {configSetup}
            exec chroot $D "$@"
            """, "sh",
    ];

    [Fact(Timeout = 120_000)]
    public async Task A_real_v2_trees_fix_attrs_d_is_applied_before_cont_init_d_runs()
    {
        await Task.Yield();
        var entry = CorpusEntry.Parse("s6-v2/transmission-wg");
        using var temp = new TempDir();
        var standIns = new Corpus.StandIns(entry, temp);
        standIns.S6V2();
        // The first cont-init script, in place of the stand-in: what it finds under /config.
        var seen = temp.File("seen");
        var first = Path.Combine(standIns.Dir, "root", "etc", "cont-init.d", "29-gen_config");
        File.WriteAllText(first, $"#!/bin/sh\ncd /config && stat -c '%n %u:%g %a' . providers providers/pia wg0.conf settings.json .hidden > {seen}\n");
        // As a volume arrives: root's files, modes that fix-attrs.d must change.
        var setup = "mkdir providers && touch providers/pia wg0.conf settings.json .hidden && chmod 777 . providers && chmod 666 providers/pia wg0.conf settings.json .hidden";
        var env = new Dictionary<string, string> { ["PATH"] = $"{standIns.Bin}:/usr/sbin:/usr/bin:/sbin:/bin" };
        using var tend = TendHost.Start(["run", .. entry.ConfigArgs(standIns.Dir)], env: env, launcher: ImageRoot(temp, setup));
        WaitForLines(standIns.OrderFile, l => l.Contains("longrun transmission"), TimeSpan.FromSeconds(30));
        // s6-overlay v2's lines, on Tend's output (read by the test on its own thread: waited for).
        tend.WaitForLine("[fix-attrs.d] 01-config: exited 0.");
        Assert.Equal(
            [
                // /config true abc:abc 0644 0755, then /config/providers true abc:abc 0600 0700, then /config/wg0.conf false abc:abc 0600 0700.
                ". 911:911 755", "providers 911:911 700", "providers/pia 911:911 600", "wg0.conf 911:911 600", "settings.json 911:911 644",
                // A hidden file is left as it was (S6_FIX_ATTRS_HIDDEN unset).
                ".hidden 0:0 666",
            ], File.ReadAllLines(seen));
        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit(TimeSpan.FromSeconds(30)));
    }

    [Fact(Timeout = 60_000)]
    public async Task The_helper_resolves_accounts_as_s6_overlay_documents_them()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var bin = Directory.CreateDirectory(dir.File("bin")).FullName;
        File.CreateSymbolicLink(Path.Combine(bin, "fix-attrs"), Paths.Tend);
        string[] names = ["plain", "fallback-unused", "numeric", "user-numeric-group", "unknown-group", "unknown-user", "both-numeric"];
        foreach (var n in names) File.WriteAllText(dir.File(n), "");
        Directory.CreateDirectory(dir.File("tree/sub"));
        File.WriteAllText(dir.File("tree/sub/leaf"), "");
        File.WriteAllText(dir.File("tree/.hidden"), "");
        var input = string.Join("\n",
            "# a comment",
            "",
            $"{dir.Path}/plain false root 0640 0750",
            $"{dir.Path}/fallback-unused false root,3:4 0600 0700",
            $"{dir.Path}/numeric false 2:2,3:4 0600 0700",
            $"{dir.Path}/user-numeric-group false root:11111,3:4 0600 0700",
            $"{dir.Path}/unknown-group false root:no-such-group-here,3:4 0600 0700",
            $"{dir.Path}/unknown-user false no-such-user-here:root,3:4 0600 0700",
            $"{dir.Path}/both-numeric false 11111:11111,3:4 - 0700",
            $"{dir.Path}/tre? true 5:6 0604 0705",
            $"{dir.Path}/no-match-* true root 0600 0700") + "\n";
        var (code, _, err) = Tools.Run("sh", ["-c", $"chmod 666 {dir.Path}/both-numeric; printf '%s' \"$0\" | fix-attrs", input],
            env: new Dictionary<string, string> { ["PATH"] = $"{bin}:/usr/bin:/bin" });
        Assert.True(code == 0, err);
        string Stat(string name) => Tools.Run("stat", ["-c", "%u:%g %a", dir.File(name)]).Out.Trim();
        Assert.Equal("0:0 640", Stat("plain"));
        Assert.Equal("0:0 600", Stat("fallback-unused"));
        Assert.Equal("2:2 600", Stat("numeric"));
        Assert.Equal("0:11111 600", Stat("user-numeric-group"));
        Assert.Equal("0:4 600", Stat("unknown-group"));
        Assert.Equal("3:0 600", Stat("unknown-user"));
        Assert.Equal("11111:11111 666", Stat("both-numeric"));
        Assert.Equal("5:6 705", Stat("tree"));
        Assert.Equal("5:6 705", Stat("tree/sub"));
        Assert.Equal("5:6 604", Stat("tree/sub/leaf"));
        Assert.Equal("0:0 644", Stat("tree/.hidden"));

        // An account that is not there and has no fallback: the line fails, named, and so does the helper.
        var bad = Tools.Run("sh", ["-c", $"echo '{dir.Path}/plain false no-such-user-here 0600 0700' | fix-attrs"],
            env: new Dictionary<string, string> { ["PATH"] = $"{bin}:/usr/bin:/bin" });
        Assert.Equal(1, bad.Code);
        Assert.Contains("stdin:1: unknown user \"no-such-user-here\"", bad.Err);
    }

    [Fact(Timeout = 60_000)]
    public async Task In_a_v3_tree_a_failing_fix_attrs_file_stops_the_container_before_cont_init_as_S6_BEHAVIOUR_IF_STAGE2_FAILS_defaults_to_2()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var root = Path.Combine(dir.Path, "root");
        Write(root, "etc/s6-overlay/s6-rc.d/user/contents.d/.keep", "");
        Write(root, "etc/fix-attrs.d/01-data", $"{dir.Path} false no-such-user-here 0600 0700\n");
        Script(root, "etc/cont-init.d/10-init", "echo init-ran");
        using var tend = TendHost.Start(["run", "--root", root]);
        Assert.Equal(1, tend.WaitForExit());
        Assert.Equal(0, tend.Count("init-ran"));
        WaitUntil(() => tend.Transcript().Contains("fix-attrs: warning: some fix files failed to apply", StringComparison.Ordinal), tend.Transcript);
    }
}
