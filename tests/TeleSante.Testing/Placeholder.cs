namespace TeleSante.Testing; internal static class Placeholder;
