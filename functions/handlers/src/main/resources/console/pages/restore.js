// Restore one device: choose a version, see the dry-run diff, type the device name to confirm, watch the job.
// Only for operators (GET /me); the API refuses anyone else whatever the page shows.
import {api, qs, path} from '../lib/api.js';
import {h, replace, errorBox, link, deviceHref, jobHref} from '../lib/dom.js';
import {watchJob} from './job.js';

export default async function restore(main, [name], params, session) {
  main.append(h('h1', {}, 'Restore ', h('span', {id: 'device-name'}, name)),
    h('p', {}, link(deviceHref(name), '← back to the device')));
  if (!session.canOperate) {
    main.append(h('p', {class: 'notice', id: 'restore-denied'}, 'Restoring a device is for operators. '
      + (session.user ? `You are signed in as ${session.user}, ` : '') + 'who may only read.'));
    return;
  }
  let versions;
  try {
    versions = (await api(path('devices', name, 'backups') + qs({limit: 1000}))).versions;
  } catch (e) {
    main.append(errorBox(e));
    return;
  }
  if (!versions.length) {
    main.append(h('p', {}, 'This device has no stored version to restore.'));
    return;
  }
  const version = h('select', {id: 'restore-version'},
    h('option', {value: 'latest'}, 'latest (the newest version when the restore starts)'),
    versions.map(v => h('option', {value: v.version}, v.version)));
  if (params.get('version')) version.value = params.get('version');
  const dryRunOut = h('div', {id: 'dry-run-out', 'aria-live': 'polite'});
  const applyOut = h('div', {id: 'apply-out', 'aria-live': 'polite'});
  const confirm = h('input', {type: 'text', id: 'confirm-name', autocomplete: 'off', spellcheck: 'false'});
  const apply = h('button', {type: 'submit', id: 'apply-restore', class: 'danger', disabled: true}, 'Restore now');
  confirm.addEventListener('input', () => { apply.disabled = confirm.value !== name; });
  let stopWatching = null;

  const start = async (dryRun, out) => {
    if (stopWatching) stopWatching();
    replace(out, h('p', {class: 'muted'}, dryRun ? 'Starting the dry run…' : 'Starting the restore…'));
    try {
      const r = await api(path('devices', name, 'restore'), {method: 'POST', json: {version: version.value, dryRun}});
      const box = h('div', {});
      replace(out, h('p', {}, 'Job ', link(jobHref(r.jobId), r.jobId)), box);
      stopWatching = watchJob(box, r.jobId);
    } catch (e) {
      replace(out, errorBox(e));
    }
  };

  main.append(
    h('section', {class: 'card'}, h('h2', {}, '1. Choose a version'),
      h('div', {class: 'field wide'}, h('label', {for: 'restore-version'}, 'Version to restore'), version)),
    h('section', {class: 'card'}, h('h2', {}, '2. Dry run'),
      h('p', {}, 'Reads the running config and shows what a restore would change. Nothing is changed or stored.'),
      h('button', {type: 'button', id: 'dry-run', onclick: () => start(true, dryRunOut)}, 'Dry run'), dryRunOut),
    h('section', {class: 'card'}, h('h2', {}, '3. Restore'),
      h('p', {}, 'The device is backed up first, then the version is pushed, read back and verified; on a mismatch the '
        + 'pre-restore copy is pushed back.'),
      h('form', {onsubmit: e => { e.preventDefault(); if (confirm.value === name) start(false, applyOut); }},
        h('div', {class: 'field wide'}, h('label', {for: 'confirm-name'}, 'Type the device name to confirm: ', h('code', {}, name)), confirm),
        h('div', {class: 'field'}, apply)), applyOut));
  return () => { if (stopWatching) stopWatching(); };
}
