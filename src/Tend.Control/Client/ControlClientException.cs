namespace Tend.Control.Client;

/// <summary>The control request could not be made or answered; the message is meant for the user as is.</summary>
public sealed class ControlClientException(string message, Exception? inner = null) : Exception(message, inner);
