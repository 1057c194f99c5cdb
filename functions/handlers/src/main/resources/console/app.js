// The console's shell: hash routes to pages, the signed-in user from GET /me, and one page at a time (a page
// returns a function that stops its timers when the user leaves it).
import {api} from './lib/api.js';
import {loadConfig, signOut, signedIn} from './lib/auth.js';
import {h, replace, errorBox} from './lib/dom.js';
import dashboard from './pages/dashboard.js';
import jobs from './pages/jobs.js';
import job from './pages/job.js';
import devices from './pages/devices.js';
import device from './pages/device.js';
import restore from './pages/restore.js';
import schedules from './pages/schedules.js';
import tables from './pages/tables.js';
import audit from './pages/audit.js';

const ROUTES = [
  [/^$/, 'dashboard', dashboard],
  [/^jobs$/, 'jobs', jobs],
  [/^jobs\/([^/]+)$/, 'jobs', job],
  [/^devices$/, 'devices', devices],
  [/^devices\/([^/]+)$/, 'devices', device],
  [/^devices\/([^/]+)\/restore$/, 'devices', restore],
  [/^schedules$/, 'schedules', schedules],
  [/^tables$/, 'tables', tables],
  [/^audit$/, 'audit', audit],
];

/** Who is signed in and what they may do; locally everything (serve runs as the OS user). */
export const session = {user: null, groups: [], canOperate: false, canRead: true, known: false};

let stop = null;

async function loadMe() {
  try {
    const me = await api('/me');
    session.user = me.user || me.name || null;
    session.groups = me.groups || [];
    session.canOperate = me.operator === true;
    session.canRead = me.viewer !== false || me.operator === true;
    session.known = true;
  } catch (e) {
    // Without GET /me (an older API), the page cannot know; the API still refuses what the caller may not do.
    session.user = null;
    session.canOperate = e.code === 'no_such_route';
  }
  const me = document.getElementById('me');
  replace(me,
    session.user ? h('span', {class: 'user', title: session.groups.join(', ')}, session.user) : null,
    h('span', {class: 'role'}, session.canOperate ? 'operator' : 'viewer'),
    signedIn() ? h('button', {type: 'button', class: 'link', onclick: signOut}, 'Sign out') : null);
}

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, '');
  const [route, query] = raw.split('?');
  return {route: route.replace(/\/$/, ''), params: new URLSearchParams(query || '')};
}

async function render() {
  if (stop) {
    try { stop(); } catch (e) { /* a page that fails to stop must not block the next */ }
    stop = null;
  }
  const {route, params} = parseHash();
  const main = document.getElementById('main');
  if (!session.canRead) {
    replace(main, h('h1', {}, 'No access yet'), h('p', {class: 'notice'}, `You are signed in as ${session.user}, but in neither`
      + ' the viewers nor the operators group. Ask an administrator of this cfgvault deployment to add you to one.'));
    return;
  }
  for (const [pattern, nav, page] of ROUTES) {
    const m = route.match(pattern);
    if (!m) continue;
    for (const a of document.querySelectorAll('[data-nav]')) {
      if (a.dataset.nav === nav) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
    }
    const args = m.slice(1).map(decodeURIComponent);
    replace(main);
    try {
      stop = (await page(main, args, params, session)) || null;
    } catch (e) {
      replace(main, h('h1', {}, 'Something went wrong'), errorBox(e));
    }
    const heading = main.querySelector('h1');
    document.title = (heading ? heading.textContent + ' · ' : '') + 'cfgvault';
    return;
  }
  replace(main, h('h1', {}, 'Not found'), h('p', {}, 'The console has no page at #/' + route + '. ',
    h('a', {href: '#/'}, 'Go to the dashboard.')));
}

async function start() {
  await loadConfig();
  await loadMe();
  window.addEventListener('hashchange', async () => {
    await render();
    document.getElementById('main').focus({preventScroll: true});
  });
  await render();
}

start();
