using Tend.Config;
using Tend.Model;

namespace Tend.UnitTests.Config.Supervisord;

public sealed class IncludeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tend-ini-include-").FullName;
    private static readonly Dictionary<string, string> NoEnv = new();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string relative, string text)
    {
        var path = Path.Combine(_dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Include_Globs_RelativeToTheIncludingFile_SortedAndMerged()
    {
        var main = Write("supervisord.conf", "[supervisord]\nnodaemon=true\n[include]\nfiles = conf.d/*.conf extra/one.ini\n");
        Write("conf.d/b.conf", "[program:b]\ncommand=/bin/b\n");
        Write("conf.d/a.conf", "[program:a]\ncommand=%(here)s/a\n");
        Write("conf.d/.hidden.conf", "[program:hidden]\ncommand=/bin/h\n");
        Write("conf.d/skip.txt", "[program:skip]\ncommand=/bin/s\n");
        Write("extra/one.ini", "[program:c]\ncommand=/bin/c\n");

        var result = ConfigLoader.Load(main, NoEnv);

        Assert.Empty(result.Diagnostics);
        Assert.Equal(["a", "b", "c"], result.Config!.Programs.Select(p => p.Name));
        Assert.Equal(Path.Combine(_dir, "conf.d", "a"), result.Config.Programs[0].Command[0]);
    }

    [Fact]
    public void Include_DiagnosticsNameTheIncludedFileAndLine()
    {
        var main = Write("supervisord.conf", "[supervisord]\n[include]\nfiles=conf.d/*.conf\n");
        var included = Write("conf.d/web.conf", "[program:web]\ncommand=/bin/web\nstartsecs=soon\n");

        var error = Assert.Single(ConfigLoader.Load(main, NoEnv).Diagnostics);

        Assert.Equal(new SourceLocation(included, 3), error.Location);
    }

    [Fact]
    public void Include_ExpandsHereAndEnv()
    {
        var main = Write("supervisord.conf", "[supervisord]\n[include]\nfiles=%(here)s/%(ENV_SITE)s/*.conf\n");
        Write("shop/a.conf", "[program:a]\ncommand=/bin/a\n");

        var result = ConfigLoader.Load(main, new Dictionary<string, string> { ["SITE"] = "shop" });

        Assert.Equal("a", Assert.Single(result.Config!.Programs).Name);
    }

    [Fact]
    public void Include_NoMatch_IsAWarning()
    {
        var main = Write("supervisord.conf", "[supervisord]\n[program:a]\ncommand=/bin/a\n[include]\nfiles=none/*.conf\n");

        var warning = Assert.Single(ConfigLoader.Load(main, NoEnv).Diagnostics);

        Assert.Equal(new SourceLocation(main, 5), warning.Location);
        Assert.Equal($"no file matches the include pattern '{Path.Combine(_dir, "none/*.conf")}'", warning.Message);
    }

    [Fact]
    public void Include_WithoutFiles_IsAnError()
    {
        var main = Write("supervisord.conf", "[supervisord]\n[include]\n");
        Assert.Equal("[include] has no files", Assert.Single(ConfigLoader.Load(main, NoEnv).Diagnostics).Message);
    }

    [Fact]
    public void Include_Nested_IsFollowed_WithAPortabilityWarning_AndCyclesStop()
    {
        var main = Write("supervisord.conf", "[supervisord]\n[include]\nfiles=a.conf\n");
        var a = Write("a.conf", "[program:a]\ncommand=/bin/a\n[include]\nfiles=sub/*.conf ../" + Path.GetFileName(_dir) + "/supervisord.conf\n");
        Write("sub/b.conf", "[program:b]\ncommand=/bin/b\n");

        var result = ConfigLoader.Load(main, NoEnv);

        Assert.Equal(["a", "b"], result.Config!.Programs.Select(p => p.Name));
        var warning = Assert.Single(result.Diagnostics);
        Assert.Equal(new SourceLocation(a, 4), warning.Location);
        Assert.Contains("ignored by supervisord", warning.Message);
    }

    [Fact]
    public void Include_LaterFileOverridesEarlierValues()
    {
        var main = Write("supervisord.conf", "[supervisord]\n[program:a]\ncommand=/bin/a\npriority=1\n[include]\nfiles=override.conf\n");
        var over = Write("override.conf", "[program:a]\npriority=2\n");

        var result = ConfigLoader.Load(main, NoEnv);

        Assert.Equal(2, Assert.Single(result.Config!.Programs).Priority);
        Assert.Equal(new SourceLocation(main, 4), Assert.Single(result.Diagnostics).Location); // the overridden value
        Assert.NotNull(over);
    }

    [Theory]
    [InlineData("a.conf", "*.conf", true)]
    [InlineData(".a.conf", "*.conf", false)]
    [InlineData("a1.conf", "a?.conf", true)]
    [InlineData("ab.conf", "a[bc].conf", true)]
    [InlineData("ad.conf", "a[!bc].conf", true)]
    [InlineData("ab.conf", "a[!bc].conf", false)]
    [InlineData("a5.conf", "a[0-9].conf", true)]
    [InlineData("a.confx", "*.conf", false)]
    public void Glob_MatchesLikeFnmatch(string name, string pattern, bool matches)
    {
        if (!name.StartsWith('.')) Assert.Equal(matches, Tend.Config.Supervisord.IniGlob.Matches(name, pattern));
        Write(name, "");
        Assert.Equal(matches, Tend.Config.Supervisord.IniGlob.Expand(Path.Combine(_dir, pattern)).Count == 1);
    }
}
