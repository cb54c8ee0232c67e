using Tend.Model;
using static Tend.UnitTests.Config.Supervisord.IniTestSupport;

namespace Tend.UnitTests.Config.Supervisord;

/// <summary>
/// Inputs found by the long fuzzing run (scripts/fuzz.sh supervisord-ini) that made LoadText throw
/// instead of reporting a located error.
/// </summary>
public sealed class FuzzFindingsTests
{
    [Fact]
    public void AFormatWidthPastIntsRange_IsALocatedError_NotAnOverflowException()
    {
        var error = ErrorAt("[program:a]\ncommand=/bin/a\nprocess_name=%(program_name)99999999999s\n", 3);
        Assert.Contains("a width or precision over 4096", error.Message);
    }

    [Fact]
    public void AHugeFormatWidth_IsRefused_RatherThanAllocated() =>
        Assert.Contains("a width or precision over 4096", ErrorAt("[program:a]\ncommand=/bin/a %(program_name)2000000000s\n", 2).Message);

    [Fact]
    public void AWidthOf4096_StillWorks() =>
        Assert.Equal(new string('0', 4096), Single("[program:a]\ncommand=/bin/a %(process_num)04096d\n").Command[^1]);

    [Fact]
    public void ANulInTheUnixSocketPath_IsALocatedError_NotAnArgumentException()
    {
        var error = ErrorAt("[unix_http_server]\nfile=/run/a\0b.sock\n[program:a]\ncommand=/bin/a\n", 2);
        Assert.Contains("NUL", error.Message);
    }

    [Fact]
    public void AnEmptyUnixSocketPath_IsALocatedError_NotAnArgumentException() =>
        Assert.Contains("file= is empty", ErrorAt("[unix_http_server]\nfile= \t\n[program:a]\ncommand=/bin/a\n", 2).Message);
}
