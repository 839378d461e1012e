using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TeleSante.Storage.Influx.Internal;

namespace TeleSante.Storage.Influx;

/// <summary>
/// <see cref="ITimeSeriesStore"/> over the InfluxDB 1.x HTTP API (<c>/write</c>, <c>/query</c>,
/// <c>/ping</c>), which InfluxDB 2.x and 3.x also serve for compatibility. Thread-safe; register
/// as a typed HttpClient or singleton. Does not retry: every failure is reported to the caller.
/// </summary>
public sealed class InfluxV1Store : ITimeSeriesStore
{
    /// <summary>
    /// Smaller bodies go uncompressed even with <see cref="InfluxOptions.Gzip"/>: gzip's 18-byte
    /// frame eats the gain on a line or two (line-by-line resends), and .NET writes nothing at all
    /// for an empty payload, which influxd 1.6 refuses with 400 "EOF".
    /// </summary>
    public const int MinGzipBytes = 512;

    private readonly HttpClient _http;
    private readonly InfluxOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Uri _baseUrl;
    private readonly Uri _writeUri;
    private readonly Uri _queryUri;
    private readonly Uri _pingUri;
    private readonly AuthenticationHeaderValue? _authorization;

    /// <summary>Creates the store. <paramref name="httpClient"/>'s own Timeout and BaseAddress are
    /// not used: <see cref="InfluxOptions.RequestTimeout"/> and <see cref="InfluxOptions.Url"/> are.</summary>
    /// <exception cref="ArgumentException">Options without an absolute http(s) Url.</exception>
    public InfluxV1Store(HttpClient httpClient, IOptions<InfluxOptions> options, ILogger<InfluxV1Store> logger, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _http = httpClient;
        _options = options.Value;
        _logger = logger;
        _time = timeProvider ?? TimeProvider.System;

        var url = _options.Url;
        if (url is null || !url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"InfluxOptions.Url must be an absolute http(s) URL, not '{url}'.", nameof(options));
        }

        // Keep a path prefix (reverse proxy): relative URIs resolve against a base ending in '/'.
        _baseUrl = url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");
        var retention = string.IsNullOrEmpty(_options.RetentionPolicy) ? "" : "&rp=" + Uri.EscapeDataString(_options.RetentionPolicy);
        _writeUri = new Uri(_baseUrl, $"write?db={Uri.EscapeDataString(_options.Database)}&precision=ns{retention}");
        _queryUri = new Uri(_baseUrl, "query");
        _pingUri = new Uri(_baseUrl, "ping");

        if (!string.IsNullOrEmpty(_options.Token))
        {
            _authorization = new AuthenticationHeaderValue("Token", _options.Token);
        }
        else if (!string.IsNullOrEmpty(_options.Username))
        {
            var credentials = Encoding.UTF8.GetBytes($"{_options.Username}:{_options.Password}");
            _authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(credentials));
        }
    }

    /// <inheritdoc />
    public async ValueTask<StoreWriteResult> WriteAsync(ReadOnlyMemory<byte> lineProtocol, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Post, _writeUri)
        {
            Content = _options.Gzip && lineProtocol.Length >= MinGzipBytes ? new GzipContent(lineProtocol) : new ReadOnlyMemoryContent(lineProtocol),
        };
        request.Content.Headers.ContentType = InfluxResponse.LineProtocolMediaType();
        request.Headers.Authorization = _authorization;

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var message = $"No answer within {_options.RequestTimeout.TotalSeconds:0.###} s (Influx:RequestTimeout).";
            InfluxLog.WriteTransient(_logger, lineProtocol.Length, 0, message);
            return new StoreWriteResult(StoreOutcome.Transient, 0, message);
        }
        catch (HttpRequestException ex)
        {
            // Connection refused or reset, DNS, TLS: nothing is known to be stored.
            var message = Describe(ex);
            InfluxLog.WriteTransient(_logger, lineProtocol.Length, 0, message);
            return new StoreWriteResult(StoreOutcome.Transient, 0, message);
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            var outcome = StatusClassifier.Classify(status);
            if (outcome == StoreOutcome.Ok)
            {
                return new StoreWriteResult(StoreOutcome.Ok, status, null);
            }

            var error = await InfluxResponse.ReadErrorAsync(response, timeout.Token).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            switch (outcome)
            {
                case StoreOutcome.BadRequest:
                    InfluxLog.WriteRefused(_logger, lineProtocol.Length, status, error);
                    break;
                case StoreOutcome.Transient:
                    InfluxLog.WriteTransient(_logger, lineProtocol.Length, status, error);
                    break;
                default:
                    InfluxLog.WriteFatal(_logger, status, error);
                    break;
            }

            return new StoreWriteResult(outcome, status, error);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Sends <c>epoch=ns</c> and <c>chunked=true</c>: InfluxDB streams chunks of 10,000 rows and
    /// they are merged into whole series here. <see cref="InfluxOptions.RequestTimeout"/> covers
    /// the whole read.
    /// </remarks>
    public async Task<IReadOnlyList<QuerySeries>> QueryAsync(string influxQl, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(influxQl);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        var form = new List<KeyValuePair<string, string>>(5)
        {
            new("q", influxQl),
            new("db", _options.Database),
            new("epoch", "ns"),
            new("chunked", "true"),
        };
        if (!string.IsNullOrEmpty(_options.RetentionPolicy))
        {
            form.Add(new("rp", _options.RetentionPolicy));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, _queryUri) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = _authorization;
        var status = 0;
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            status = (int)response.StatusCode;
            var outcome = StatusClassifier.Classify(status);
            if (outcome != StoreOutcome.Ok)
            {
                var error = await InfluxResponse.ReadErrorAsync(response, timeout.Token).ConfigureAwait(false);
                throw new InfluxQueryException(error, outcome, status, null, null);
            }

            var stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                return await InfluxResponse.ReadSeriesAsync(stream, status, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (InfluxQueryException ex)
        {
            InfluxLog.QueryFailed(_logger, ex.Outcome, ex.StatusCode, ex.Message);
            throw;
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            var message = $"No complete answer within {_options.RequestTimeout.TotalSeconds:0.###} s (Influx:RequestTimeout).";
            InfluxLog.QueryFailed(_logger, StoreOutcome.Transient, status, message);
            throw new InfluxQueryException(message, StoreOutcome.Transient, status, null, ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or JsonException)
        {
            // Connection refused/reset, or a body cut short or not JSON (a proxy's error page).
            var message = Describe(ex);
            InfluxLog.QueryFailed(_logger, StoreOutcome.Transient, status, message);
            throw new InfluxQueryException(message, StoreOutcome.Transient, status, null, ex);
        }
    }

    /// <inheritdoc />
    public async Task<StoreHealth> PingAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, _pingUri);
        request.Headers.Authorization = _authorization;
        var started = _time.GetTimestamp();
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            var latency = _time.GetElapsedTime(started);
            var version = response.Headers.TryGetValues("X-Influxdb-Version", out var values) ? values.FirstOrDefault() : null;

            // 1.x answers 204; 200 only with ?verbose=true, which is not sent.
            if (response.StatusCode == System.Net.HttpStatusCode.NoContent)
            {
                return new StoreHealth(true, version, latency, null);
            }

            var error = $"GET /ping answered {(int)response.StatusCode} {response.ReasonPhrase}";
            InfluxLog.PingFailed(_logger, _pingUri, error);
            return new StoreHealth(false, version, latency, error);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var error = ex is OperationCanceledException ? "No answer to GET /ping within the request timeout." : Describe(ex);
            InfluxLog.PingFailed(_logger, _pingUri, error);
            return new StoreHealth(false, null, _time.GetElapsedTime(started), error);
        }
    }

    /// <inheritdoc />
    public async Task EnsureDatabaseAsync(CancellationToken cancellationToken)
    {
        // CREATE DATABASE is idempotent in 1.x: no error when it exists.
        await QueryAsync("CREATE DATABASE " + InfluxQl.QuoteIdentifier(_options.Database), cancellationToken).ConfigureAwait(false);
        InfluxLog.DatabaseEnsured(_logger, _options.Database, _baseUrl);
    }

    private static string Describe(Exception exception)
    {
        // "Connection refused (127.0.0.1:8086)" is more useful than HttpClient's generic wrapper text.
        var socket = exception.InnerException as SocketException ?? exception.InnerException?.InnerException as SocketException;
        return socket is null ? exception.Message : $"{exception.Message} ({socket.SocketErrorCode})";
    }
}
