// Dashboard: the last jobs, devices failing now, devices without a recent backup, devices changed in 24 hours.
import {api, qs} from '../lib/api.js';
import {h, link, deviceHref, statusBadge, time, table, field, replace, errorBox} from '../lib/dom.js';
import {jobsTable, section} from './common.js';

const HOUR = 3600 * 1000;

export default async function dashboard(main, args, params, session) {
  main.append(h('h1', {}, 'Dashboard'));
  main.append(quickBackup(session));

  const jobs = section('Last jobs', async () => {
    const r = await api('/jobs' + qs({limit: 10}));
    return [jobsTable(r.jobs), h('p', {}, link('#/jobs', 'All jobs'))];
  }, null, 'wide');

  const failing = section('Failing now', async () => {
    const r = await api('/devices' + qs({status: 'failing', limit: 50}));
    return [table(null, ['Device', 'Status', 'Error', 'Last success'],
      r.devices.map(d => [link(deviceHref(d.name), d.name), statusBadge(d.state.status), d.state.error || '—', time(d.state.lastSuccessAt)]),
      'No device is failing.'), r.next ? h('p', {class: 'muted'}, 'More than 50; ', link('#/devices?status=failing', 'see all')) : null];
  });

  const [hoursField, hours] = field('Not backed up for more than (hours)', {type: 'number', min: 1, max: 8760, value: '24', id: 'stale-hours'});
  const stale = section('Not backed up recently', async () => {
    const n = Math.max(1, Number(hours.value) || 24);
    const before = new Date(Date.now() - n * HOUR).toISOString();
    const r = await api('/devices' + qs({lastSuccessBefore: before, limit: 50}));
    return table(null, ['Device', 'Status', 'Last success', 'Last checked'],
      r.devices.map(d => [link(deviceHref(d.name), d.name), statusBadge(d.state.status), time(d.state.lastSuccessAt), time(d.state.lastCheckedAt)]),
      `Every device has a backup from the last ${n} hours.`);
  }, h('form', {class: 'inline-form', onsubmit: e => { e.preventDefault(); stale.reload(); }}, hoursField,
    h('div', {class: 'field'}, h('button', {type: 'submit'}, 'Show'))));

  const changes = section('Changes in the last 24 hours', async () => {
    const since = new Date(Date.now() - 24 * HOUR).toISOString();
    const r = await api('/devices' + qs({changedSince: since, limit: 50}));
    return table(null, ['Device', 'Changed at', 'Version', ''],
      r.devices.map(d => [link(deviceHref(d.name), d.name), time(d.state.lastChangedAt), d.state.version || '—',
        link(deviceHref(d.name) + '?diff=1', 'Diff')]),
      'No device changed in the last 24 hours.');
  });

  main.append(h('div', {class: 'grid'}, jobs, failing, stale, changes));
  const timer = setInterval(() => jobs.reload(), 5000);
  return () => clearInterval(timer);
}

/** One button for the common case; the jobs page has the form with a selection. */
function quickBackup(session) {
  if (!session.canOperate) return h('p', {class: 'muted'}, 'Starting backups is for operators.');
  const out = h('div', {'aria-live': 'polite'});
  const button = h('button', {type: 'button', id: 'start-backup', onclick: async () => {
    button.disabled = true;
    try {
      const r = await api('/backups', {method: 'POST', json: {}});
      location.hash = '#/jobs/' + encodeURIComponent(r.jobId);
    } catch (e) {
      replace(out, errorBox(e));
      button.disabled = false;
    }
  }}, 'Back up all devices now');
  return h('div', {class: 'toolbar'}, button, ' ', link('#/jobs', 'or choose devices, a model or a group'), out);
}
