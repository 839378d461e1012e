// The clinical hub (/hubs/clinical, README "Clinical hub"): SubscribeWorklist / SubscribeRequest, and the
// server's WorklistChanged / RequestChanged. Reconnects on its own and subscribes again after a reconnect,
// so a page left open keeps up; a refusal (HubException naming the RefusalCode) stops it and is shown.
import { hubError } from '/viewer/js/connection.js';

const HUB_PATH = '/hubs/clinical';

export class ClinicalHub {
  /** handlers: { WorklistChanged, RequestChanged } ; onState(state, detail): connecting | live | reconnecting | offline | refused */
  constructor(token, handlers, onState) {
    this.onState = onState;
    const options = token ? { accessTokenFactory: () => token } : {};
    this.connection = new signalR.HubConnectionBuilder()
      .withUrl(HUB_PATH, options)
      .withAutomaticReconnect({ nextRetryDelayInMilliseconds: ctx => Math.min(10000, 500 * 2 ** Math.min(ctx.previousRetryCount, 5)) })
      .configureLogging(signalR.LogLevel.Warning)
      .build();
    for (const [name, handler] of Object.entries(handlers)) this.connection.on(name, handler);
    this.connection.onreconnecting(() => onState('reconnecting'));
    this.connection.onreconnected(() => this.subscribe());
    this.connection.onclose(() => { if (!this.stopped) { onState('offline'); this.retry(); } });
  }

  /** Connects, then runs subscribe() (which calls one of the Subscribe methods and returns its answer). */
  async start(subscribe) {
    this.subscribeStep = subscribe;
    this.onState('connecting');
    try {
      await this.connection.start();
    } catch (e) {
      if (/Status code '40[13]'/.test(e?.message ?? '')) { this.refuse({ code: 'NotSignedIn', detail: 'the gateway did not accept your sign-in' }); return; }
      this.onState('offline', e);
      this.retry();
      return;
    }
    await this.subscribe();
  }

  async subscribe() {
    try {
      await this.subscribeStep(this.connection);
      this.onState('live');
    } catch (e) {
      const message = hubError(e);
      if (message) this.refuse(refusalOf(message));
      else { this.onState('offline', e); this.retry(); }
    }
  }

  retry() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (!this.stopped && this.connection.state === signalR.HubConnectionState.Disconnected) this.start(this.subscribeStep);
    }, 3000);
  }

  refuse(refusal) {
    this.stopped = true;
    clearTimeout(this.timer);
    this.connection.stop();
    this.onState('refused', refusal);
  }
}

/** "AlreadyAccepted: …" (or a message that names a RefusalCode somewhere) → { code, detail }. */
export function refusalOf(message) {
  const m = /\b([A-Z][A-Za-z]+)\b[:\s-]+(.*)$/s.exec(message);
  return m ? { code: m[1], detail: m[2] || message } : { code: 'Refused', detail: message };
}

/** The hub state as a status pill. */
export function showHubState(pill, state, detail) {
  const text = { connecting: 'connecting…', live: 'live', reconnecting: 'reconnecting…', offline: 'offline — retrying', refused: 'refused' }[state] ?? state;
  pill.textContent = text;
  pill.title = detail?.detail ?? detail?.message ?? '';
  pill.className = 'pill ' + (state === 'live' ? 'pill-ok' : state === 'refused' || state === 'offline' ? 'pill-bad' : 'pill-wait');
}
