using System.Runtime.CompilerServices;

// The live-view tests host the gateway in-process (its hub and registration).
[assembly: InternalsVisibleTo("TeleSante.LiveView.Tests")]
