namespace TeleSante.Access.Assignments;

/// <summary>The site each session was recorded at, as learnt from accepted batches.</summary>
public interface ISessionSites
{
    string? SiteOf(string sessionId);
}
