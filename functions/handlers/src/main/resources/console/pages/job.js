// One job, live: progress bar, counts, per-device results and traces, refreshed every second while it runs.
import {api, qs, path} from '../lib/api.js';
import {h, replace, errorBox, facts, statusBadge, time, link, deviceHref, table} from '../lib/dom.js';
import {countsText} from './common.js';
import {sideBySide} from './diff.js';

const PAGE = 500;

/** Renders the job into `target`; resolves with the job when it has finished. Used by the restore page too. */
export function watchJob(target, id, onFinished) {
  let timer = null;
  let stopped = false;
  let cursor = null;
  const tick = async () => {
    let job;
    try {
      job = await api(path('jobs', id) + qs({limit: PAGE, cursor}));
    } catch (e) {
      replace(target, errorBox(e));
      if (!stopped) timer = setTimeout(tick, 3000);
      return;
    }
    // Re-rendering every second must not close a trace the user opened or drop the keyboard focus.
    const open = new Set([...target.querySelectorAll('details[open][data-key]')].map(d => d.dataset.key));
    const focused = document.activeElement && target.contains(document.activeElement) ? document.activeElement.dataset.key : null;
    replace(target, render(job, () => { cursor = job.next; tick(); }, cursor ? () => { cursor = null; tick(); } : null));
    for (const d of target.querySelectorAll('details[data-key]')) {
      if (open.has(d.dataset.key)) d.open = true;
    }
    if (focused) {
      const again = [...target.querySelectorAll('[data-key]')].find(e => e.dataset.key === focused);
      if (again) (again.querySelector('summary') || again).focus();
    }
    const running = job.status === 'queued' || job.status === 'running';
    if (running && !stopped) {
      timer = setTimeout(tick, 1000);
    } else if (!running && onFinished) {
      onFinished(job);
      onFinished = null;
    }
  };
  tick();
  return () => { stopped = true; clearTimeout(timer); };
}

function render(job, onMore, onFirst) {
  const c = job.counts || {};
  const total = c.total || 0;
  const done = c.done ?? ((c.succeeded || 0) + (c.failed || 0));
  const running = job.status === 'queued' || job.status === 'running';
  const progress = h('div', {class: 'progress-row'},
    h('progress', {id: 'job-progress', max: Math.max(total, 1), value: total ? done : (running ? 0 : 1),
      'aria-label': 'Devices done'}),
    h('span', {id: 'job-progress-text', role: 'status'}, total ? `${done} of ${total} devices` : (running ? 'waiting for the worker' : 'no devices')));
  const out = [
    facts([
      ['Status', h('span', {id: 'job-status'}, statusBadge(job.status))],
      ['Kind', job.kind || 'backup'],
      ['Trigger', job.trigger],
      ['Started by', job.actor],
      ['Selection', selection(job.selector)],
      ['Counts', h('span', {id: 'job-counts'}, countsText(c))],
      ['Started', time(job.startedAt)],
      ['Finished', time(job.finishedAt)],
      job.error ? ['Error', job.error] : null,
      job.writeBack ? ['Write-back', job.writeBack] : null,
    ]),
    progress,
  ];
  if (job.restore) out.push(restoreDetails(job.restore));
  const devices = job.devices || [];
  out.push(h('h2', {}, 'Devices'));
  out.push(table(null, ['Device', 'Status', 'Changed', 'Bytes', 'Duration', 'Version', 'Error and trace'],
    devices.map(d => [link(deviceHref(d.device), d.device), statusBadge(d.status),
      d.changed === undefined ? '—' : (d.changed ? 'yes' : 'no'), d.bytes ?? '—',
      d.durationMillis !== undefined ? (d.durationMillis / 1000).toFixed(1) + ' s' : '—', d.version || '—',
      trace(d)]), 'No device results yet.'));
  if (job.next || onFirst) {
    out.push(h('div', {class: 'pager'},
      onFirst ? h('button', {type: 'button', onclick: onFirst}, 'First devices') : null,
      job.next ? h('button', {type: 'button', onclick: onMore}, 'More devices →') : null));
  }
  if (job.tables && Array.isArray(job.tables) && job.tables.length) {
    out.push(h('h2', {}, 'Tables'));
    out.push(table(null, ['Table', 'Items', 'Bytes', 'Changed'],
      job.tables.map(t => [t.table, t.items ?? '—', t.bytes ?? '—', t.changed ? 'yes' : 'no'])));
  }
  return out;
}

function selection(s) {
  if (!s || !Object.keys(s).length) return 'all devices';
  return Object.entries(s).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : v}`).join('; ');
}

function trace(d) {
  if (!d.error && !(d.trace && d.trace.length)) return '—';
  return h('div', {},
    d.error ? h('div', {class: 'err-text'}, d.error) : null,
    d.trace && d.trace.length ? h('details', {'data-key': 'trace:' + d.device}, h('summary', {}, 'Trace'), h('ol', {class: 'trace'}, d.trace.map(t => h('li', {}, t)))) : null);
}

function restoreDetails(r) {
  return h('section', {class: 'card', id: 'restore-result'},
    h('h2', {}, 'Restore'),
    facts([
      ['Version', r.version],
      ['Result', h('span', {id: 'restore-outcome'}, statusBadge(r.result || 'running'))],
      ['Cause', r.cause],
      ['Pre-restore copy', r.preRestoreVersion],
      ['Message', r.message],
    ]),
    r.steps && r.steps.length ? h('details', {'data-key': 'steps'}, h('summary', {}, 'Steps'),
      h('ol', {class: 'trace'}, r.steps.map(s => h('li', {}, typeof s === 'string' ? s : `${s.step}${s.detail ? ': ' + s.detail : ''}`)))) : null,
    r.diff !== undefined && r.diff !== null ? [h('h3', {}, 'Dry-run diff (running → stored)'),
      h('div', {id: 'restore-diff'}, r.diff ? sideBySide(r.diff, 'running on the device', 'stored ' + (r.version || ''))
        : h('p', {}, 'No differences: the device runs this version.'))] : null);
}

export default async function job(main, [id]) {
  main.append(h('h1', {}, 'Job ', h('code', {}, id)));
  const body = h('div', {id: 'job'});
  main.append(body);
  return watchJob(body, id);
}
