using System.Runtime.CompilerServices;

// The live-view tests host the gateway in-process and read its fan-out counters.
[assembly: InternalsVisibleTo("TeleSante.LiveView.Tests")]
