using System.Net;
using System.Net.Security;
using System.Security.Authentication;

namespace Tend.Health;

/// <summary>
/// The https:// half of <see cref="HttpCheck"/>: TLS through .NET's SslStream, which on Linux is
/// the image's OpenSSL (libssl.so.3 or .1.1, loaded when first used). The certificate is checked
/// against the image's CA store and the URL's host unless the probe says
/// <c>insecure_skip_verify</c>; an image without libssl gets a failure that names what is missing
/// (<see cref="TlsLibrary"/>), never a crash.
/// </summary>
internal static class HttpsExchange
{
    public static ProbeResult Get(System.Net.Sockets.Socket socket, HttpTarget target, Deadline deadline, bool insecureSkipVerify)
    {
        if (TlsLibrary.Missing() is { } missing) return new(false, missing);
        using var inner = new DeadlineStream(socket, deadline);
        var errors = SslPolicyErrors.None;
        using var tls = new SslStream(inner, leaveInnerStreamOpen: true);
        try
        {
            tls.AuthenticateAsClient(new SslClientAuthenticationOptions
            {
                // SNI and the name checked: the URL's host (an IP literal is checked against the certificate's IP entries).
                TargetHost = target.Host.Trim('[', ']'),
                RemoteCertificateValidationCallback = (_, _, _, policyErrors) =>
                {
                    errors = policyErrors;
                    return insecureSkipVerify || policyErrors == SslPolicyErrors.None;
                },
            });
        }
        catch (ProbeIoException e)
        {
            return new(false, "TLS handshake: " + e.Message);
        }
        catch (AuthenticationException e)
        {
            return new(false, errors != SslPolicyErrors.None
                ? $"TLS: the server's certificate is not accepted ({Describe(errors)}); insecure_skip_verify: true accepts it anyway"
                : "TLS handshake failed: " + Model.ErrorText.Of(e.InnerException ?? e));
        }
        catch (Exception e) when (TlsLibrary.IsMissing(e))
        {
            return new(false, TlsLibrary.MissingText);
        }

        try
        {
            tls.Write(target.Request());
            return HttpResponseHead.Read((Span<byte> buffer, out string detail) =>
            {
                detail = "";
                return tls.Read(buffer);
            });
        }
        catch (ProbeIoException e)
        {
            return new(false, e.Message);
        }
        catch (IOException e)
        {
            return new(false, "TLS: " + Model.ErrorText.Of(e));
        }
    }

    private static string Describe(SslPolicyErrors errors)
    {
        var parts = new List<string>();
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors)) parts.Add("not signed by a trusted authority");
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch)) parts.Add("issued for another name");
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable)) parts.Add("none sent");
        return string.Join(", ", parts);
    }
}
