// The clinical HTTP API (README "Clinical HTTP API") as the pages call it: JSON in and out, the practitioner's
// bearer token, and a refusal (a problem document with its RefusalCode name in `code`) thrown as a Refusal.

const TOKEN_KEY = 'telesante.accessToken'; // the viewer's key: a page opened from here finds the same sign-in

/** A bearer token passed as #access_token=… is moved to sessionStorage (and out of the address bar). */
export function takeToken() {
  const hash = new URLSearchParams(location.hash.slice(1));
  const fromHash = hash.get('access_token');
  if (fromHash) {
    sessionStorage.setItem(TOKEN_KEY, fromHash);
    history.replaceState(null, '', location.pathname + location.search);
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

/** The signed-in practitioner's id (the token's subject), for display and to recognise "accepted by me".
 * Read, not verified: the gateway verifies the token on every call. */
export function subjectOf(token) {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(payload)).sub ?? null;
  } catch {
    return null;
  }
}

/** A refused step: the gateway's RefusalCode name and its reason, or the HTTP status when there is none. */
export class Refusal extends Error {
  constructor(status, code, detail) {
    super(`${code}: ${detail}`);
    this.status = status;
    this.code = code;
    this.detail = detail;
  }
}

export class ClinicalApi {
  constructor(token) {
    this.token = token;
  }

  get(path) { return this.call('GET', path); }

  post(path, body) { return this.call('POST', path, body ?? {}); }

  async call(method, path, body) {
    const headers = { Accept: 'application/json' };
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    const json = text ? safeJson(text) : null;
    if (response.ok) return json;
    if (response.status === 401) throw new Refusal(401, 'NotSignedIn', 'the gateway did not accept your sign-in (missing, expired or invalid token); sign in again');
    throw new Refusal(response.status, json?.code ?? `HTTP ${response.status}`, json?.detail ?? json?.title ?? response.statusText);
  }
}

function safeJson(text) {
  try { return JSON.parse(text); } catch { return null; }
}

/** New ids for what a page creates (patient, consent, consultation, request): unique, and meaningless. */
export function newId(prefix) {
  const bytes = crypto.getRandomValues(new Uint8Array(6));
  return `${prefix}-${[...bytes].map(b => b.toString(16).padStart(2, '0')).join('')}`;
}
