using System.Text;

namespace Tend.Supervisord.Http;

/// <summary>
/// The HTML body supervisord's HTTP server (medusa) sends with an error status, CRLF line ends
/// included; for 401 it is 137 bytes, sent with "WWW-Authenticate: Basic realm="default"" and
/// "Connection: close" (wire captures). supervisorctl only reads the status.
/// </summary>
public static class ErrorPage
{
    /// <summary>The realm supervisord names in WWW-Authenticate.</summary>
    public const string AuthenticateHeader = "Basic realm=\"default\"";

    public static byte[] Body(int status, string reason) => Encoding.ASCII.GetBytes(
        "<head>\r\n<title>Error response</title>\r\n</head>\r\n<body>\r\n<h1>Error response</h1>\r\n"
        + $"<p>Error code {status}.\r\n<p>Message: {reason}.\r\n</body>\r\n");
}
