using Tend.Model;

namespace Tend.UnitTests.Model;

/// <summary>
/// The published binary's exception messages are resource keys (UseSystemResourceKeys); these
/// build the same shapes by hand, since a JIT test run has the real texts.
/// </summary>
public class ErrorTextTests
{
    [Fact]
    public void FileExists_FromErrno_WithThePath() =>
        Assert.Equal("file exists: /srv/app", ErrorText.Of(new IOException("IO_FileExists_Name, /srv/app", 17)));

    [Fact]
    public void NotADirectory_FromErrno() =>
        Assert.Equal("not a directory: /srv/app/x", ErrorText.Of(new IOException("IO_SomethingElse, /srv/app/x", 20)));

    [Fact]
    public void AccessDenied() =>
        Assert.Equal("permission denied: /etc/shadow", ErrorText.Of(new UnauthorizedAccessException("UnauthorizedAccess_IODenied_Path, /etc/shadow")));

    [Fact]
    public void FileNotFound() =>
        Assert.Equal("no such file or directory: /nope", ErrorText.Of(new FileNotFoundException("IO_FileNotFound_FileName, /nope")));

    [Fact]
    public void KeyWithoutArguments_ByType() =>
        Assert.Equal("a missing value (a bug in Tend)", ErrorText.Of(new NullReferenceException("Arg_NullReferenceException")));

    [Fact]
    public void IOExceptionWithoutErrno() =>
        Assert.Equal("input/output error", ErrorText.Of(new IOException("IO_EOF_ReadBeyondEOF")));

    [Theory]
    [InlineData("cannot listen on /run/tend.sock: another process is listening on it")]
    [InlineData("TEND_SOCKET is not set")]
    [InlineData("S6_CMD_ARG0: unterminated quote")]
    [InlineData("Not a directory : '/x/y'")]
    public void TendsOwnMessages_AndStrerrorTexts_PassUnchanged(string message) =>
        Assert.Equal(message, ErrorText.Of(new IOException(message)));
}
