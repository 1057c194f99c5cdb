// The only way the pages talk to cfgvault: the public HTTP API on the same origin. Errors carry the API's own
// code and message, which the pages show as they are.
import {authHeader, signInAgain, signedIn} from './auth.js';

/** The API's base path: everything before /console (empty locally, the stage such as /v1 behind API Gateway). */
export const base = location.pathname.slice(0, Math.max(0, location.pathname.indexOf('/console')));

export class ApiError extends Error {
  constructor(status, code, message, body) {
    super(message);
    this.status = status;
    this.code = code;
    this.body = body;
  }
}

export function qs(params) {
  const parts = [];
  for (const [k, v] of Object.entries(params || {})) {
    if (v === undefined || v === null || v === '') continue;
    parts.push(encodeURIComponent(k) + '=' + encodeURIComponent(v));
  }
  return parts.length ? '?' + parts.join('&') : '';
}

export function path(...segments) {
  return '/' + segments.map(s => encodeURIComponent(s)).join('/');
}

/**
 * fetch() on the API. Options: method, json (a body sent as application/json), text + type (another body),
 * response: 'json' (default when the answer is JSON), 'text' or 'raw' (the Response).
 */
export async function api(url, options = {}) {
  const headers = {...(await authHeader())};
  let body;
  if (options.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.text !== undefined) {
    headers['Content-Type'] = options.type || 'text/plain';
    body = options.text;
  }
  let res;
  try {
    res = await fetch(base + url, {method: options.method || 'GET', headers, body, cache: 'no-store', credentials: 'same-origin'});
  } catch (e) {
    throw new ApiError(0, 'unreachable', 'the cfgvault API did not answer (' + e.message + '); is it still running?');
  }
  const type = res.headers.get('content-type') || '';
  if (!res.ok) {
    let code = 'http_' + res.status;
    let message = res.status + ' ' + res.statusText;
    let data = null;
    const text = await res.text();
    if (type.includes('json')) {
      try {
        data = JSON.parse(text);
        code = data.error || code;
        message = data.message || message;
      } catch (e) { /* not JSON after all: keep the status line */ }
    } else if (text) {
      message = text;
    }
    if (res.status === 401 && signedIn()) signInAgain();
    throw new ApiError(res.status, code, message, data);
  }
  if (options.response === 'raw') return res;
  if (options.response === 'text' || !type.includes('json')) return res.text();
  return res.json();
}
