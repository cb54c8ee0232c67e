using Tend.Posix.Spawn;
using Tend.UnitTests.Control;

namespace Tend.UnitTests.Posix;

/// <summary>
/// argv[0] is looked up on the program's PATH; a command found is remembered for a second (issue 21:
/// fifty programs started at once mostly share a few commands), a command not found never is.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class ExecutableLookupTests
{
    [Fact]
    public void A_command_is_found_on_the_programs_PATH_in_order()
    {
        using var first = new TempDir();
        using var second = new TempDir();
        var name = "tool-" + Guid.NewGuid().ToString("N")[..8];
        Executable(second.Path, name);
        var env = new[] { $"PATH={first.Path}:{second.Path}" };
        Assert.Equal(Path.Combine(second.Path, name), ExecutableLookup.Resolve(name, env, out var errno));
        Assert.Equal(0, errno);
    }

    [Fact]
    public void A_command_not_found_is_not_remembered_it_is_found_as_soon_as_it_is_there()
    {
        using var dir = new TempDir();
        var name = "later-" + Guid.NewGuid().ToString("N")[..8];
        var env = new[] { $"PATH={dir.Path}" };
        Assert.Null(ExecutableLookup.Resolve(name, env, out var errno));
        Assert.Equal(2, errno); // ENOENT
        Executable(dir.Path, name);
        Assert.Equal(Path.Combine(dir.Path, name), ExecutableLookup.Resolve(name, env, out errno));
    }

    [Fact]
    public void Programs_with_different_PATHs_do_not_share_an_answer()
    {
        using var a = new TempDir();
        using var b = new TempDir();
        var name = "both-" + Guid.NewGuid().ToString("N")[..8];
        Executable(a.Path, name);
        Executable(b.Path, name);
        Assert.Equal(Path.Combine(a.Path, name), ExecutableLookup.Resolve(name, [$"PATH={a.Path}"], out _));
        Assert.Equal(Path.Combine(b.Path, name), ExecutableLookup.Resolve(name, [$"PATH={b.Path}"], out _));
    }

    private static void Executable(string dir, string name)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, "#!/bin/sh\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
