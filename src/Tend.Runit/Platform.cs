// runit's protocol is FIFOs, flock and rename semantics: Linux only, like the rest of Tend.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
