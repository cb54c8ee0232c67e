using System.Runtime.InteropServices;
using System.Text;
using Tend.Posix.Files;

namespace Tend.UnitTests.Posix;

/// <summary>
/// The rules by which Tend, as root, writes files where a less privileged user may reach
/// (issue 16): each planted trick is refused, and what root itself set up still works. They need
/// root (CI runs as root); elsewhere they fail under CI=true and pass vacuously otherwise.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class TrustedPathTests : IDisposable
{
    private const uint Nobody = 65534, Other = 4242;
    private readonly string _root = Directory.CreateTempSubdirectory("tend-trusted-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static bool AsRoot()
    {
        if (geteuid() == 0) return true;
        if (Environment.GetEnvironmentVariable("CI") == "true") throw new InvalidOperationException("these tests need root");
        return false;
    }

    private string Dir(string name, int mode, uint owner = 0)
    {
        var path = Directory.CreateDirectory(Path.Combine(_root, name)).FullName;
        File.SetUnixFileMode(path, (UnixFileMode)mode);
        Assert.Equal(0, chown(path, owner, owner));
        return path;
    }

    private string Victim()
    {
        var victim = Path.Combine(_root, "passwd");
        File.WriteAllText(victim, "root:x:0:0::/root:/bin/sh\n");
        return victim;
    }

    private static int Append(string dir, string name, uint? programUid)
    {
        using var directory = TrustedDirectory.Open(dir, create: true);
        return directory.OpenForAppend(name, 0b110_100_100, programUid);
    }

    private static void Write(int fd, string text)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        Assert.True(Tend.Posix.Fd.WriteAll(fd, bytes));
        Tend.Posix.Fd.Close(fd);
    }

    [Fact]
    public void A_symlink_planted_in_the_programs_own_directory_is_not_followed()
    {
        if (!AsRoot()) return;
        var logs = Dir("logs", 0b111_101_101, Nobody);
        var victim = Victim();
        File.CreateSymbolicLink(Path.Combine(logs, "app.log"), victim);
        var error = Assert.Throws<UnsafePathException>(() => Append(logs, "app.log", Nobody));
        Assert.Contains("symbolic link", error.Message);
        Assert.Equal("root:x:0:0::/root:/bin/sh\n", File.ReadAllText(victim));
    }

    [Fact]
    public void A_hard_link_or_a_fifo_planted_there_is_refused_and_a_fresh_file_is_written()
    {
        if (!AsRoot()) return;
        var logs = Dir("logs", 0b111_101_101, Nobody);
        var victim = Victim();
        Assert.Equal(0, link(victim, Path.Combine(logs, "linked.log")));
        Assert.Contains("2 hard links", Assert.Throws<UnsafePathException>(() => Append(logs, "linked.log", Nobody)).Message);
        Assert.Equal(0, mkfifo(Path.Combine(logs, "fifo.log"), 0b110_110_110));
        var reader = open(Path.Combine(logs, "fifo.log"), 0x800 /* O_RDONLY | O_NONBLOCK */); // with a reader, a write-open succeeds
        Assert.True(reader >= 0);
        try { Assert.Contains("not a regular file", Assert.Throws<UnsafePathException>(() => Append(logs, "fifo.log", Nobody)).Message); }
        finally { Tend.Posix.Fd.Close(reader); }

        Write(Append(logs, "app.log", Nobody), "fine\n");
        Assert.Equal("fine\n", File.ReadAllText(Path.Combine(logs, "app.log")));
    }

    [Fact]
    public void A_directory_others_can_write_is_refused_unless_sticky_and_then_only_files_of_root_or_the_program()
    {
        if (!AsRoot()) return;
        var shared = Dir("shared", 0b111_111_111);
        Assert.Contains("can be written by others than root", Assert.Throws<UnsafePathException>(() => Append(shared, "a.log", null)).Message);

        var sticky = Dir("sticky", 0b1_111_111_111);
        var foreign = Path.Combine(sticky, "foreign.log");
        File.WriteAllText(foreign, "");
        Assert.Equal(0, chown(foreign, Other, Other));
        Assert.Contains("belongs to uid 4242", Assert.Throws<UnsafePathException>(() => Append(sticky, "foreign.log", Nobody)).Message);
        Write(Append(sticky, "mine.log", Nobody), "ok\n");
        Assert.Equal("ok\n", File.ReadAllText(Path.Combine(sticky, "mine.log")));
    }

    [Fact]
    public void A_directory_above_the_last_that_someone_else_owns_is_refused()
    {
        if (!AsRoot()) return;
        var home = Dir("home", 0b111_101_101, Nobody);
        Directory.CreateDirectory(Path.Combine(home, "logs"));
        // nobody could turn logs into a symlink to /etc at any moment: Tend does not go through home.
        var error = Assert.Throws<UnsafePathException>(() => TrustedDirectory.Open(Path.Combine(home, "logs"), create: false));
        Assert.Contains(home, error.Message);
    }

    [Fact]
    public void Symlinks_root_made_in_its_own_directories_are_followed_as_before()
    {
        if (!AsRoot()) return;
        var real = Dir("real", 0b111_101_101);
        Directory.CreateSymbolicLink(Path.Combine(_root, "linked"), real);
        var target = Path.Combine(real, "target.log");
        File.WriteAllText(target, "");
        File.CreateSymbolicLink(Path.Combine(real, "app.log"), target);
        Write(Append(Path.Combine(_root, "linked"), "app.log", null), "through\n");
        Assert.Equal("through\n", File.ReadAllText(target));
        Write(Append(Path.Combine(_root, "linked", "new", "deeper"), "x.log", null), "made\n"); // missing directories are created
        Assert.Equal("made\n", File.ReadAllText(Path.Combine(real, "new", "deeper", "x.log")));
    }

    [Fact]
    public void A_root_directory_is_opened_through_a_symlink_and_one_others_can_write_is_refused()
    {
        if (!AsRoot()) return;
        var target = Dir("supervise.web", 0b111_000_000);
        var link = Path.Combine(_root, "supervise");
        Directory.CreateSymbolicLink(link, target);
        Tend.Posix.Fd.Close(TrustedPath.OpenRootDirectory(link));
        File.SetUnixFileMode(target, (UnixFileMode)0b111_111_111);
        Assert.Contains("writable by others than root", Assert.Throws<UnsafePathException>(() => TrustedPath.OpenRootDirectory(link)).Message);
        File.SetUnixFileMode(target, (UnixFileMode)0b111_000_000);
        Assert.Equal(0, chown(target, Nobody, Nobody));
        Assert.Contains("belongs to uid 65534", Assert.Throws<UnsafePathException>(() => TrustedPath.OpenRootDirectory(link)).Message);
    }

    [Fact]
    public void An_atomic_replace_removes_a_planted_new_file_instead_of_writing_through_it()
    {
        if (!AsRoot()) return;
        var dir = Dir("supervise", 0b111_000_000);
        var victim = Victim();
        File.CreateSymbolicLink(Path.Combine(dir, "status.new"), victim);
        var fd = TrustedPath.OpenRootDirectory(dir);
        try { AtomicFile.Replace(fd, dir, "status", "fresh"u8); }
        finally { Tend.Posix.Fd.Close(fd); }
        Assert.Equal("root:x:0:0::/root:/bin/sh\n", File.ReadAllText(victim));
        Assert.Equal("fresh", File.ReadAllText(Path.Combine(dir, "status")));
        Assert.False(Path.Exists(Path.Combine(dir, "status.new")));
    }

    [Fact]
    public void Check_says_why_before_anything_is_written()
    {
        if (!AsRoot()) return;
        var shared = Dir("shared", 0b111_111_111);
        Assert.Contains("can be written by others than root", TrustedPath.Refusal(Path.Combine(shared, "a.log"), null));
        var own = Dir("own", 0b111_101_101, Nobody);
        Assert.Null(TrustedPath.Refusal(Path.Combine(own, "a.log"), Nobody));
        Assert.Contains("can be written by others than root", TrustedPath.Refusal(Path.Combine(own, "a.log"), null));
        Assert.Null(TrustedPath.Refusal(Path.Combine(_root, "missing", "a.log"), null));
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int chown(string path, uint owner, uint group);

    [DllImport("libc", SetLastError = true)]
    private static extern int link(string target, string path);

    [DllImport("libc", SetLastError = true)]
    private static extern int mkfifo(string path, int mode);

    [DllImport("libc")]
    private static extern uint geteuid();

    [DllImport("libc", SetLastError = true)]
    private static extern int open(string path, int flags);
}
