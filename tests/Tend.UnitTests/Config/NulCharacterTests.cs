using static Tend.UnitTests.Config.ConfigTestSupport;

namespace Tend.UnitTests.Config;

/// <summary>
/// A NUL ends a string in every system call, so a path or user name containing one would silently
/// mean something shorter ("root\0x" is root): refused where it is written, in either dialect.
/// Found by hand after the fuzzing run: [include] files= with a NUL crashed `tend check`.
/// </summary>
public sealed class NulCharacterTests
{
    [Theory]
    [InlineData("working_dir")]
    [InlineData("user")]
    [InlineData("group")]
    public void TendYaml_ANulInAProgramString_IsALocatedError(string key)
    {
        var result = Load($"programs:\n  app:\n    command: app\n    {key}: \"ro\\0ot\"\n");
        Assert.Equal($"'{key}' contains a NUL character", SingleErrorAt(result, $"4:{key.Length + 7}").Message);
    }

    [Fact]
    public void TendYaml_ANulInTheCrontabPath_IsALocatedError()
    {
        var result = Load("programs:\n  app: {command: app}\ncrontab: \"/etc/cr\\0ontab\"\n");
        Assert.Equal("'crontab' contains a NUL character", SingleErrorAt(result, "3:10").Message);
    }

    [Fact]
    public void TendYaml_ANulInAJobsWorkingDir_IsALocatedError()
    {
        var result = Load("jobs:\n  j:\n    schedule: '* * * * *'\n    command: date\n    working_dir: \"/tm\\0p\"\n");
        Assert.Equal("'working_dir' contains a NUL character", SingleErrorAt(result, "5:18").Message);
    }

    [Fact]
    public void SupervisordIni_ANulInAnIncludePattern_IsALocatedError_NotAnArgumentException()
    {
        var error = Supervisord.IniTestSupport.ErrorAt("[supervisord]\n[include]\nfiles = /etc/a\0b/*.conf\n[program:a]\ncommand=/bin/a\n", 3);
        Assert.Equal("files of [include] contains a NUL character", error.Message);
    }

    [Theory]
    [InlineData("directory=/tm\0p")]
    [InlineData("stdout_logfile=/var/log/a\0b")]
    [InlineData("user=ro\0ot")]
    public void SupervisordIni_ANulInAProgramValue_IsALocatedError(string line)
    {
        var error = Supervisord.IniTestSupport.ErrorAt($"[program:a]\ncommand=/bin/a\n{line}\n", 3);
        Assert.Equal($"{line[..line.IndexOf('=')]} of [program:a] contains a NUL character", error.Message);
    }

    [Theory]
    [InlineData("programs:\n  web:\n    command: [\"sleep\", \"1\u00000\"]\n", "3:26")]
    [InlineData("programs:\n  web:\n    command: sleep 10 # \u0000 x\n", "3:25")]
    [InlineData("\u0000programs: {}\n", "1:1")]
    public void TendYaml_ARawNulByte_IsNamedAtItsPosition_NotAnEndOfStream(string yaml, string at)
    {
        // YamlDotNet reads a NUL as the end of the text: the error said "unexpected end of stream".
        var error = SingleErrorAt(Load(yaml), at);
        Assert.Equal("invalid YAML: a NUL byte (\\0) in the file", error.Message);
    }
}
