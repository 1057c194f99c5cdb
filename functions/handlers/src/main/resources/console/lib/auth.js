// Sign-in. Locally (`cfgvault serve`) there is none: the API runs as the OS user. In AWS the console config
// names a Cognito user pool: authorization code flow with PKCE through Cognito's hosted UI. Tokens live in
// sessionStorage only (gone with the tab), never in localStorage or cookies of ours.

const KEY = 'cfgvault.tokens';
let config = null;

export async function loadConfig() {
  if (config) return config;
  const res = await fetch('config.json', {cache: 'no-store'});
  config = res.ok ? await res.json() : {auth: 'none'};
  if (config.auth === 'cognito') await finishSignIn();
  return config;
}

function redirectUri() {
  return location.origin + location.pathname;
}

function b64url(bytes) {
  let s = '';
  for (const b of new Uint8Array(bytes)) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function random() {
  return b64url(crypto.getRandomValues(new Uint8Array(32)));
}

let redirecting = null;

/** Leaves for Cognito's hosted sign-in (once, however many calls found no token). */
export function signIn() {
  if (!config || config.auth !== 'cognito') return Promise.resolve();
  if (!redirecting) {
    redirecting = (async () => {
      const verifier = random();
      const state = random();
      sessionStorage.setItem('cfgvault.pkce', JSON.stringify({verifier, state, hash: location.hash}));
      const challenge = b64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
      const q = new URLSearchParams({response_type: 'code', client_id: config.clientId, redirect_uri: redirectUri(),
        scope: config.scopes || 'openid', state, code_challenge: challenge, code_challenge_method: 'S256'});
      location.assign(config.domain + '/oauth2/authorize?' + q);
    })();
  }
  return redirecting;
}

/** Forgets the tokens (the API said 401: expired or revoked) and signs in again. */
export function signInAgain() {
  sessionStorage.removeItem(KEY);
  return signIn();
}

async function finishSignIn() {
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  if (!code) return;
  const pending = JSON.parse(sessionStorage.getItem('cfgvault.pkce') || 'null');
  sessionStorage.removeItem('cfgvault.pkce');
  history.replaceState(null, '', location.pathname + (pending && pending.hash ? pending.hash : ''));
  if (!pending || params.get('state') !== pending.state) return;
  const res = await fetch(config.domain + '/oauth2/token', {method: 'POST',
    headers: {'Content-Type': 'application/x-www-form-urlencoded'},
    body: new URLSearchParams({grant_type: 'authorization_code', client_id: config.clientId, code,
      redirect_uri: redirectUri(), code_verifier: pending.verifier})});
  if (!res.ok) return;
  const t = await res.json();
  sessionStorage.setItem(KEY, JSON.stringify({idToken: t.id_token, expiresAt: Date.now() + (t.expires_in || 3600) * 1000}));
}

/** The Authorization header for API calls: the Cognito ID token, or nothing locally. */
export async function authHeader() {
  const cfg = await loadConfig();
  if (cfg.auth !== 'cognito') return {};
  const t = JSON.parse(sessionStorage.getItem(KEY) || 'null');
  if (!t || t.expiresAt < Date.now() + 30000) {
    await signIn();
    return new Promise(() => {}); // the page is on its way to the sign-in; nothing more to send
  }
  return {Authorization: 'Bearer ' + t.idToken};
}

export function signOut() {
  sessionStorage.removeItem(KEY);
  if (config && config.auth === 'cognito') {
    location.assign(config.domain + '/logout?' + new URLSearchParams({client_id: config.clientId, logout_uri: redirectUri()}));
  }
}

export function signedIn() {
  return config && config.auth === 'cognito';
}
