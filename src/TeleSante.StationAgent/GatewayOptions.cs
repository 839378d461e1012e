using System.ComponentModel.DataAnnotations;
using TeleSante.Domain.Validation;

namespace TeleSante.StationAgent;

/// <summary>Where and how the agent forwards its outbox. Section <c>Gateway</c>.</summary>
public sealed class GatewayOptions : IValidatableObject
{
    public const string Section = "Gateway";

    /// <summary>The gateway's gRPC endpoint, e.g. <c>http://127.0.0.1:5081</c> (h2c) or an https URL. Required.</summary>
    [Required]
    [Url]
    public string Url { get; set; } = string.Empty;

    /// <summary>The station's id as registered at the gateway (device kind "station", allowed to send for
    /// every device of its site), sent as the <c>x-telesante-device</c> header. Optional: without it the
    /// agent connects anonymously, which only a gateway with Security:DeviceAuthentication=false accepts.</summary>
    [Identifier]
    public string? StationId { get; set; }

    /// <summary>The station's credential, sent as the <c>x-telesante-token</c> header. A secret: give it
    /// through the environment (<c>Gateway__Token</c>) or a secret store, never in a file of the repository.</summary>
    public string? Token { get; set; }

    /// <summary>Batches sent and not yet answered on the stream. Default 32; the gateway reads at most
    /// its Ingestion:MaxInFlightPerStream (64) ahead, so more would only wait in HTTP/2 buffers.</summary>
    [Range(1, 1024)]
    public int Window { get; set; } = 32;

    /// <summary>Outbox entries read from disk at a time. Default 64.</summary>
    [Range(1, 4096)]
    public int ReadBatchSize { get; set; } = 64;

    /// <summary>First wait after a failed connection or a retryable refusal; doubled each time. Default 200 ms.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan RetryInitialDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest wait between attempts. Default 10 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>TCP connect timeout. Default 5 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A sent batch unanswered for this long means the stream is stuck: it is dropped and
    /// everything unanswered is resent on a new one. Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan AnswerTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>When a stream is closed (agent stopping, gateway asking to retry later), how long the
    /// agent waits for the answers of the batches in flight before cutting it. Default 5 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>HTTP/2 PING interval while a stream is open, to notice a dead link (pharmacy router
    /// rebooted) without waiting for TCP timeouts. Default 20 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan KeepAlivePingDelay { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How long a PING may stay unanswered before the connection is closed. Default 10 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan KeepAlivePingTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (RetryMaxDelay < RetryInitialDelay)
        {
            yield return new ValidationResult("RetryMaxDelay must not be shorter than RetryInitialDelay", [nameof(RetryMaxDelay)]);
        }

        if (string.IsNullOrEmpty(StationId) != string.IsNullOrEmpty(Token))
        {
            yield return new ValidationResult("StationId and Token go together: set both or neither", [nameof(StationId), nameof(Token)]);
        }

        if (Uri.TryCreate(Url, UriKind.Absolute, out var uri) && uri.Scheme is not ("http" or "https"))
        {
            yield return new ValidationResult("Url must be http:// (h2c) or https://", [nameof(Url)]);
        }
    }
}
