namespace Tend.Supervision.EventListeners;

/// <summary>
/// A listener process's protocol state, supervisord's EventListenerStates. Acknowledged: started,
/// or its last result was taken; waiting for READY. Ready: may be sent one event. Busy: an event was
/// sent, waiting for its RESULT. Broken: it said something outside the protocol (supervisord's
/// UNKNOWN); it gets no more events until it is started again.
/// </summary>
public enum ListenerState { Acknowledged, Ready, Busy, Broken }
