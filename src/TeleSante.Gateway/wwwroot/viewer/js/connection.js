// The SignalR connection to the gateway's live-view hub (/hubs/live), with @microsoft/signalr from npm
// (served from /lib). MessagePack by default, JSON with ?protocol=json.

const HUB_PATH = '/hubs/live';

export class LiveConnection {
  constructor({ token, protocol, onFrame, onState }) {
    this.onState = onState;
    const options = {};
    if (token) options.accessTokenFactory = () => token; // header on negotiate, access_token on the WebSocket
    let builder = new signalR.HubConnectionBuilder()
      .withUrl(HUB_PATH, options)
      .withAutomaticReconnect({ nextRetryDelayInMilliseconds: ctx => Math.min(10000, 500 * 2 ** Math.min(ctx.previousRetryCount, 5)) })
      .configureLogging(signalR.LogLevel.Warning);
    this.protocol = 'json';
    if (protocol !== 'json' && signalR.protocols && signalR.protocols.msgpack) {
      builder = builder.withHubProtocol(new signalR.protocols.msgpack.MessagePackHubProtocol());
      this.protocol = 'messagepack';
    }
    this.connection = builder.build();
    this.connection.on('Frame', onFrame);
    this.connection.onreconnecting(() => onState('reconnecting'));
    this.connection.onreconnected(() => this.afterConnect && this.afterConnect());
    this.connection.onclose(() => {
      if (this.stopped) return;
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

  stop() { this.stopped = true; return this.connection.stop(); }
}

/** The server's message of a HubException (a refusal), or null for other errors. */
export function hubError(error) {
  const m = /HubException: (.*)$/s.exec(error && error.message ? error.message : '');
  return m ? m[1].trim() : null;
}
