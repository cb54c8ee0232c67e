namespace Tend.Model;

/// <summary>
/// tend.yaml's http_auth: the HTTP Basic username and password that open the HTTP listener's status
/// page to its output and its start/stop/restart buttons. The password is in clear or, as in
/// supervisord.conf, "{SHA}" followed by the hex SHA-1 of the password. Both are non-empty.
/// </summary>
public sealed record HttpCredentials(string Username, string Password);
