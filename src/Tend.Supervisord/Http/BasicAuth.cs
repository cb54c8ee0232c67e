using System.Security.Cryptography;
using System.Text;

namespace Tend.Supervisord.Http;

/// <summary>
/// The HTTP Basic check of supervisord's [unix_http_server] and [inet_http_server]: with no
/// username configured every request passes; otherwise the Authorization header must carry that
/// username and the password, stored either in clear or as "{SHA}" followed by the hex SHA-1 of
/// the password. Comparisons take the same time wherever the first difference is.
/// </summary>
public sealed class BasicAuth
{
    private const string ShaPrefix = "{SHA}";

    private readonly byte[]? _username;
    private readonly byte[]? _password;      // clear password, UTF-8
    private readonly byte[]? _passwordSha1;  // or its SHA-1

    public BasicAuth(string? username, string? password)
    {
        if (string.IsNullOrEmpty(username)) return;
        _username = Encoding.UTF8.GetBytes(username);
        password ??= "";
        if (password.StartsWith(ShaPrefix, StringComparison.Ordinal))
        {
            try { _passwordSha1 = Convert.FromHexString(password[ShaPrefix.Length..]); }
            catch (FormatException) { _passwordSha1 = []; } // matches nothing, as in supervisord
        }
        else
        {
            _password = Encoding.UTF8.GetBytes(password);
        }
    }

    /// <summary>Whether requests must authenticate at all (a username is configured).</summary>
    public bool Required => _username is not null;

    /// <summary>Whether a request with this Authorization header value (null when absent) may proceed.</summary>
    public bool IsAccepted(string? authorization)
    {
        if (_username is null) return true;
        if (authorization is null) return false;
        var value = authorization.Trim();
        var space = value.IndexOf(' ');
        if (space < 0 || !value[..space].Equals("Basic", StringComparison.OrdinalIgnoreCase)) return false;
        byte[] decoded;
        try { decoded = Convert.FromBase64String(value[(space + 1)..].Trim()); }
        catch (FormatException) { return false; }
        var colon = Array.IndexOf(decoded, (byte)':');
        if (colon < 0) return false;
        var user = decoded.AsSpan(0, colon);
        var pass = decoded.AsSpan(colon + 1);
        var userOk = CryptographicOperations.FixedTimeEquals(user, _username);
        var passOk = _passwordSha1 is not null
            ? CryptographicOperations.FixedTimeEquals(Sha1.Hash(pass), _passwordSha1)
            : CryptographicOperations.FixedTimeEquals(pass, _password);
        return userOk & passOk;
    }
}
