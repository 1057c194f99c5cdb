// One device: inventory entry, backup state, versions, the config with line numbers, a side-by-side diff of
// any two versions, downloads and a presigned share link.
import {api, qs, path} from '../lib/api.js';
import {h, replace, errorBox, facts, statusBadge, time, table, download, link, jobHref} from '../lib/dom.js';
import {sideBySide} from './diff.js';

export default async function device(main, [name], params, session) {
  main.append(h('h1', {}, 'Device ', h('span', {id: 'device-name'}, name)));
  let d;
  try {
    d = await api(path('devices', name));
  } catch (e) {
    main.append(errorBox(e));
    if (e.status !== 404) return;
  }
  if (d) {
    main.append(h('div', {class: 'grid'},
      h('section', {class: 'card', id: 'inventory'}, h('h2', {}, 'Inventory'), facts([
        ['Host', d.host + ':' + d.port], ['Platform', d.platform], ['Model', h('span', {id: 'device-model'}, d.model || '—')],
        ['Group', h('span', {id: 'device-group'}, d.group || '—')], ['Enabled', d.enabled ? 'yes' : 'no'],
        ['Credentials (reference)', d.credentials], ['Host key', d.hostKey ? h('code', {class: 'wrap'}, d.hostKey) : 'not pinned yet'],
        ['Options', Object.keys(d.options || {}).length ? Object.entries(d.options).map(([k, v]) => k + '=' + v).join(', ') : '—'],
      ])),
      h('section', {class: 'card', id: 'state'}, h('h2', {}, 'Backup state'), facts([
        ['Status', statusBadge(d.state.status)], ['Error', d.state.error], ['Last checked', time(d.state.lastCheckedAt)],
        ['Last success', time(d.state.lastSuccessAt)], ['Last change', time(d.state.lastChangedAt)],
        ['Version', d.state.version], ['Size', d.state.bytes ? d.state.bytes + ' bytes' : null],
        ['Last job', d.state.jobId ? link(jobHref(d.state.jobId), d.state.jobId) : null],
      ]))));
  }
  if (session.canOperate) {
    main.append(h('p', {}, h('a', {class: 'button', href: '#/devices/' + encodeURIComponent(name) + '/restore', id: 'restore-link'}, 'Restore this device…')));
  }

  let versions = [];
  const versionsBox = h('section', {class: 'card', id: 'versions'}, h('h2', {}, 'Versions'));
  main.append(versionsBox);
  try {
    versions = (await api(path('devices', name, 'backups') + qs({limit: 1000}))).versions;
  } catch (e) {
    versionsBox.append(errorBox(e));
    return;
  }
  if (!versions.length) {
    versionsBox.append(h('p', {}, 'No stored versions yet.'));
    return;
  }

  const config = h('section', {class: 'card', id: 'config'});
  const diffBox = h('section', {class: 'card', id: 'diff'});
  const fromSel = select('diff-from', versions, versions.length > 1 ? 1 : 0);
  const toSel = select('diff-to', versions, 0);
  versionsBox.append(
    table(null, ['Version', 'Stored', ''], versions.map((v, i) => [v.version, time(v.storedAt),
      h('span', {class: 'actions'},
        h('button', {type: 'button', onclick: () => showConfig(v.version), 'data-version': v.version, class: 'view-version'}, 'View'),
        h('button', {type: 'button', onclick: () => downloadVersion(v.version)}, 'Download'),
        h('button', {type: 'button', onclick: () => share(v.version)}, 'Share link'))])),
    h('div', {id: 'share', 'aria-live': 'polite'}));

  const showConfig = async version => {
    replace(config, h('h2', {}, 'Config ', h('code', {}, version)), h('p', {class: 'muted'}, 'Loading…'));
    try {
      const text = await api(path('devices', name, 'backups', version) + qs({format: 'text'}), {response: 'text'});
      const lines = text.replace(/\n$/, '').split('\n');
      replace(config, h('h2', {}, 'Config ', h('code', {}, version)),
        h('p', {}, h('button', {type: 'button', onclick: () => download(`${name}_${version}.cfg`, text)}, 'Download'),
          ` ${lines.length} lines`),
        h('div', {class: 'table-wrap'}, h('table', {class: 'code-view', id: 'config-view'},
          h('tbody', {}, lines.map((l, i) => h('tr', {}, h('td', {class: 'ln'}, String(i + 1)), h('td', {class: 'code'}, l)))))));
    } catch (e) {
      replace(config, h('h2', {}, 'Config'), errorBox(e));
    }
  };

  const downloadVersion = async version => {
    try {
      download(`${name}_${version}.cfg`, await api(path('devices', name, 'backups', version) + qs({format: 'text'}), {response: 'text'}));
    } catch (e) {
      replace(document.getElementById('share'), errorBox(e));
    }
  };

  const share = async version => {
    const out = document.getElementById('share');
    try {
      const r = await api(path('devices', name, 'backups', version, 'link') + qs({expires: 3600}));
      const safe = /^https?:\/\//.test(r.url) ? r.url : null;
      const input = h('input', {type: 'text', readonly: true, value: r.url, id: 'share-url', 'aria-label': 'Share link'});
      replace(out, h('div', {class: 'field wide'}, h('label', {for: 'share-url'}, `Download link for ${version}, valid until `, time(r.expiresAt)),
        input, h('div', {class: 'actions'},
          h('button', {type: 'button', onclick: () => { input.select(); navigator.clipboard && navigator.clipboard.writeText(r.url); }}, 'Copy'),
          safe ? h('a', {href: safe, rel: 'noopener noreferrer'}, 'Open') : null)));
    } catch (e) {
      replace(out, errorBox(e));
    }
  };

  const showDiff = async () => {
    const from = fromSel.value;
    const to = toSel.value;
    const out = document.getElementById('diff-out');
    replace(out, h('p', {class: 'muted'}, 'Loading…'));
    try {
      const res = await api(path('devices', name, 'diff') + qs({from, to}), {response: 'raw'});
      const text = await res.text();
      const added = Number(res.headers.get('X-Cfgvault-Lines-Added') || 0);
      const removed = Number(res.headers.get('X-Cfgvault-Lines-Removed') || 0);
      replace(out,
        h('p', {id: 'diff-summary'}, `${added} ${added === 1 ? 'line' : 'lines'} added, `
          + `${removed} removed (comments, blank and volatile lines left out).`),
        sideBySide(text, from, to));
    } catch (e) {
      replace(out, errorBox(e));
    }
  };

  diffBox.append(h('h2', {}, 'Compare two versions'),
    h('form', {class: 'inline-form', onsubmit: e => { e.preventDefault(); showDiff(); }},
      h('div', {class: 'field'}, h('label', {for: 'diff-from'}, 'From (old)'), fromSel),
      h('div', {class: 'field'}, h('label', {for: 'diff-to'}, 'To (new)'), toSel),
      h('div', {class: 'field'}, h('button', {type: 'submit', id: 'show-diff'}, 'Show diff'))),
    h('div', {id: 'diff-out', 'aria-live': 'polite'}));
  main.append(diffBox, config);
  await showConfig(versions[0].version);
  if (params.get('diff') && versions.length > 1) {
    await showDiff();
    diffBox.scrollIntoView();
  }
}

function select(id, versions, selected) {
  const s = h('select', {id, name: id}, versions.map(v => h('option', {value: v.version}, v.version)));
  s.selectedIndex = selected;
  return s;
}
