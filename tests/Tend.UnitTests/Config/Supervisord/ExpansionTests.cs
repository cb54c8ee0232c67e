using Tend.Model;
using static Tend.UnitTests.Config.Supervisord.IniTestSupport;

namespace Tend.UnitTests.Config.Supervisord;

public sealed class ExpansionTests
{
    [Fact]
    public void Expand_EnvVariable_FromTheEnvironmentTendWasGiven()
    {
        var p = Single("[program:a]\ncommand=/bin/app --home %(ENV_HOME)s\n", Env(("HOME", "/root")));
        Assert.Equal(["/bin/app", "--home", "/root"], p.Command);
    }

    [Fact]
    public void Expand_Here_IsTheDirectoryOfTheFile()
    {
        var p = Single("[program:a]\ncommand=%(here)s/bin/app\n");
        Assert.Equal(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(IniTestSupport.File))!, "bin/app"), p.Command[0]);
    }

    [Fact]
    public void Expand_ProgramGroupAndHostNames()
    {
        var config = LoadValid("[group:web]\nprograms=a\n[program:a]\ncommand=/bin/app %(program_name)s %(group_name)s %(host_node_name)s\n");
        Assert.Equal(["/bin/app", "a", "web", Host], Assert.Single(config.Programs).Command);
    }

    [Theory]
    [InlineData("%(process_num)d", "7")]
    [InlineData("%(process_num)02d", "07")]
    [InlineData("%(process_num)03d", "007")]
    [InlineData("%(process_num)-3d|", "7  |")]
    [InlineData("%(process_num)x", "7")]
    [InlineData("%(process_num)s", "7")]
    [InlineData("%(numprocs)d", "1")]
    [InlineData("100%%", "100%")]
    [InlineData("%(program_name).2s", "wo")]
    [InlineData("%(program_name)6s", "worker")]
    [InlineData("%(program_name)8s", "  worker")]
    public void Expand_PythonFormatSpecs(string format, string expected)
    {
        // Through environment= (quoted) rather than command=, whose splitting would drop the padding.
        var p = Single($"[program:worker]\nnumprocs_start=7\ncommand=/bin/app\nenvironment=V=\"{format}\"\n");
        Assert.Equal(expected, p.Environment["V"]);
    }

    [Fact]
    public void Expand_UnknownName_IsAnError_ListingTheAvailableNames()
    {
        var error = ErrorAt("[supervisord]\n[program:a]\ncommand=/bin/app %(colour)s\n", 3, Env(("HOME", "/root")));
        Assert.Equal("cannot expand %(colour) in command of [program:a]: no such name", error.Message);
        Assert.Equal("available names: ENV_HOME, group_name, here, host_node_name, numprocs, process_num, program_name", error.Hint);
        Assert.Equal("supervisord.conf:3: error: cannot expand %(colour) in command of [program:a]: no such name (available names: ENV_HOME, group_name, here, host_node_name, numprocs, process_num, program_name)", error.ToString());
    }

    [Fact]
    public void Expand_MissingEnvVariable_SaysEnvironmentEqualsCannotBeUsed()
    {
        var error = ErrorAt("[supervisord]\n[program:a]\nenvironment=X=1\ncommand=/bin/app %(ENV_X)s\n", 4);
        Assert.StartsWith("X is not in the environment Tend was started with (variables set by environment= cannot be expanded)", error.Hint);
    }

    [Fact]
    public void Expand_ProcessNum_IsNotAvailableForSectionWideKeys()
    {
        var error = ErrorAt("[supervisord]\n[program:a]\ncommand=/bin/app\npriority=%(process_num)d\n", 4);
        Assert.Contains("cannot expand %(process_num) in priority", error.Message);
    }

    [Theory]
    [InlineData("date +%Y", "'%Y' has no (name)")]
    [InlineData("echo 100%", "a '%' ends the text")]
    [InlineData("echo %(program_name)", "no conversion character")]
    [InlineData("echo %(program_name)d", "%d needs a number")]
    [InlineData("echo %(program_name)q", "unsupported format character 'q'")]
    [InlineData("echo %(program_name", "no closing ')'")]
    public void Expand_BadFormat_IsAnErrorWithTheEscapeHint(string command, string message)
    {
        var error = ErrorAt($"[supervisord]\n[program:a]\ncommand={command}\n", 3);
        Assert.Contains(message, error.Message);
        Assert.Contains("%% for a literal '%'", error.Hint);
    }

    [Fact]
    public void Expand_EnvironmentKey_UsesProcessNum()
    {
        var config = LoadValid("[program:w]\nprocess_name=w%(process_num)d\nnumprocs=2\ncommand=/bin/w\nenvironment=SLOT=\"%(process_num)d\"\n");
        Assert.Equal(["0", "1"], config.Programs.Select(p => p.Environment["SLOT"]));
    }

    [Fact]
    public void Expand_InDaemonSections_EnvAndHereWork()
    {
        var config = LoadValid("[unix_http_server]\nfile=/run/%(ENV_APP)s.sock\n[program:a]\ncommand=/bin/a\n", Env(("APP", "shop")));
        Assert.Equal("/run/shop.sock", config.Supervisord!.UnixHttpServer!.File);
    }
}
