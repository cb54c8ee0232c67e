using Tend.Config;
using Tend.Config.Supervisord;

namespace Tend.UnitTests.Config.Supervisord;

public sealed class FormatAndSearchTests
{
    [Theory]
    [InlineData("[supervisord]\nnodaemon=true\n", "tend.yaml", ConfigFormat.SupervisordIni)]
    [InlineData("; comment\n\n[program:web]\ncommand=x\n", "any", ConfigFormat.SupervisordIni)]
    [InlineData("[group:g]\n", "x.yaml", ConfigFormat.SupervisordIni)]
    [InlineData("[include]\nfiles=*.conf\n", "x", ConfigFormat.SupervisordIni)]
    [InlineData("[unix_http_server]\n", "x", ConfigFormat.SupervisordIni)]
    [InlineData("[eventlistener:x]\n", "x", ConfigFormat.SupervisordIni)]
    [InlineData("[web]\ncommand=x\n", "app.conf", ConfigFormat.SupervisordIni)]
    [InlineData("[web]\ncommand=x\n", "app.ini", ConfigFormat.SupervisordIni)]
    [InlineData("programs:\n  web: {command: [x]}\n", "tend.conf", ConfigFormat.TendYaml)]
    [InlineData("---\nprograms: {}\n", "tend.ini", ConfigFormat.TendYaml)]
    [InlineData("programs:\n  web: {command: [x]}\n", "tend.yaml", ConfigFormat.TendYaml)]
    [InlineData("[web]\n", "tend.yaml", ConfigFormat.TendYaml)]
    [InlineData("", "tend.yaml", ConfigFormat.TendYaml)]
    public void Detect(string text, string file, ConfigFormat expected) => Assert.Equal(expected, ConfigFormatDetector.Detect(text, file));

    [Fact]
    public void ConfigLoader_ReadsBothFormats()
    {
        var env = new Dictionary<string, string>();
        var ini = ConfigLoader.LoadText("[supervisord]\n[program:web]\ncommand=/bin/web\n", "supervisord.conf", env);
        var yaml = ConfigLoader.LoadText("programs:\n  web: {command: [/bin/web]}\n", "tend.yaml", env);
        Assert.Equal(999, Assert.Single(ini.Config!.Programs).Priority);
        Assert.NotNull(ini.Config.Supervisord);
        Assert.Equal(100, Assert.Single(yaml.Config!.Programs).Priority);
    }

    [Fact]
    public void Search_Order_IsSupervisords()
    {
        Assert.Equal(
        [
            "/opt/sv/etc/supervisord.conf", "/opt/sv/supervisord.conf", "/srv/project/supervisord.conf", "/srv/project/etc/supervisord.conf",
            "/etc/supervisord.conf", "/etc/supervisor/supervisord.conf",
        ], SupervisordConfigSearch.Candidates("/opt/sv/bin", "/srv/project"));
    }

    [Theory]
    [InlineData("/etc/supervisor/supervisord.conf")]
    [InlineData("/srv/project/etc/supervisord.conf")]
    [InlineData("/opt/sv/etc/supervisord.conf")]
    public void Search_FirstExistingWins(string existing)
    {
        var present = new HashSet<string> { existing, "/etc/supervisor/supervisord.conf" };
        Assert.Equal(existing, SupervisordConfigSearch.Find("/opt/sv/bin", "/srv/project", present.Contains));
    }

    [Fact]
    public void Search_NothingFound_IsNull() => Assert.Null(SupervisordConfigSearch.Find("/opt/sv/bin", "/srv/project", _ => false));
}
