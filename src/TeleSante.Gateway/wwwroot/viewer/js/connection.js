// The SignalR connection to the gateway's live-view hub (/hubs/live), with @microsoft/signalr from npm
// (served from /lib). MessagePack by default, JSON with ?protocol=json.

const HUB_PATH = '/hubs/live';

export class LiveConnection {
  constructor({ token, protocol, onFrame, onAlert, onAnalysis, onState, onRefused }) {
    this.onState = onState;
    this.onRefused = onRefused;
    const options = {};
    if (token) options.accessTokenFactory = () => token; // header on negotiate, access_token on the WebSocket
    let builder = new signalR.HubConnectionBuilder()
      .withUrl(HUB_PATH, options)
      // A refused credential does not get better by retrying: stop, and say so (onclose below).
      .withAutomaticReconnect({ nextRetryDelayInMilliseconds: ctx => (refusedStatus(ctx.retryReason) ? null : Math.min(10000, 500 * 2 ** Math.min(ctx.previousRetryCount, 5))) })
      .configureLogging(signalR.LogLevel.Warning);
    this.protocol = 'json';
    if (protocol !== 'json' && signalR.protocols && signalR.protocols.msgpack) {
      builder = builder.withHubProtocol(new signalR.protocols.msgpack.MessagePackHubProtocol());
      this.protocol = 'messagepack';
    }
    this.connection = builder.build();
    this.connection.on('Frame', onFrame);
    // The gateway's vitals alerts of the joined session (raised, episode ended, acknowledged).
    if (onAlert) this.connection.on('Alert', onAlert);
    if (onAnalysis) this.connection.on('Analysis', onAnalysis);
    // The gateway cut this view (assignment removed, practitioner disabled, sign-in expired), then closes.
    this.connection.on('Revoked', r => this.refuse(`Access to session ${r.sessionId} ended: ${r.reason}.`));
    this.connection.onreconnecting(() => onState('reconnecting'));
    this.connection.onreconnected(() => this.afterConnect && this.afterConnect());
    this.connection.onclose(e => {
      if (this.stopped) return;
      if (refusedStatus(e)) { this.refuse(refusalText(e)); return; }
      onState('offline');
      this.retry();
    });
  }

  /** Connects, then runs afterConnect (join or replay); retries while the gateway is unreachable. */
  async start(afterConnect) {
    this.afterConnect = afterConnect;
    this.onState('connecting');
    try {
      await this.connection.start();
    } catch (e) {
      if (refusedStatus(e)) { this.refuse(refusalText(e)); return; }
      this.onState('offline', e);
      this.retry();
      return;
    }
    await afterConnect();
  }

  retry() {
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      if (this.connection.state === signalR.HubConnectionState.Disconnected) this.start(this.afterConnect);
    }, 3000);
  }

  invoke(method, ...args) { return this.connection.invoke(method, ...args); }

  stream(method, ...args) { return this.connection.stream(method, ...args); }

  stop() { this.stopped = true; clearTimeout(this.retryTimer); return this.connection.stop(); }

  /** Access refused or ended: no more retries; the page shows the refusal alone. */
  refuse(message) {
    if (this.stopped) return;
    this.stop();
    this.onRefused(message);
  }
}

/** 401 or 403 from the gateway (negotiate or a long-polling request): the credential was refused. The
 * client library keeps the status in the message only when negotiation fails ("Status code '401'"). */
function refusedStatus(error) {
  if (!error) return null;
  const status = error.statusCode ?? Number((/Status code '(\d+)'/.exec(error.message ?? '') ?? [])[1]);
  return status === 401 || status === 403 ? status : null;
}

function refusalText(error) {
  return refusedStatus(error) === 401
    ? 'Access refused: the gateway did not accept your sign-in (missing, expired or invalid token). Sign in again and reopen this page.'
    : 'Access refused: you are not allowed to use the live view.';
}

/** The server's message of a HubException (a refusal), or null for other errors. */
export function hubError(error) {
  const m = /HubException: (.*)$/s.exec(error && error.message ? error.message : '');
  return m ? m[1].trim() : null;
}
