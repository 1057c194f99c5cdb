// Pieces several pages share: job tables, the start-backup form, pagers.
import {api} from '../lib/api.js';
import {h, link, jobHref, statusBadge, time, table, errorBox, replace, field} from '../lib/dom.js';

export function countsText(c) {
  if (!c) return '—';
  const parts = [`${c.succeeded ?? 0} ok`, `${c.failed ?? 0} failed`];
  if (c.changed !== undefined) parts.push(`${c.changed} changed`);
  return `${c.done ?? (c.succeeded + c.failed)}/${c.total ?? '?'} done · ` + parts.join(' · ');
}

export function jobsTable(jobs, caption) {
  return table(caption, ['Job', 'Trigger', 'Status', 'Devices', 'Started', 'Finished', 'By'],
    jobs.map(j => [link(jobHref(j.jobId), j.jobId), j.trigger || '—', statusBadge(j.status), countsText(j.counts),
      time(j.startedAt), time(j.finishedAt), j.actor || '—']), 'No jobs yet.');
}

/** A section whose body loads on its own, so one failing call does not blank the page. */
export function section(title, loader, extra, className) {
  const body = h('div', {class: 'section-body'}, h('p', {class: 'muted'}, 'Loading…'));
  const el = h('section', {class: 'card' + (className ? ' ' + className : '')}, h('h2', {}, title), extra || null, body);
  const reload = async () => {
    try {
      replace(body, await loader());
    } catch (e) {
      replace(body, errorBox(e));
    }
  };
  reload();
  el.reload = reload;
  return el;
}

/** The form that starts a backup (operators only; the API refuses others anyway). */
export function backupForm(session, onStarted) {
  if (!session.canOperate) {
    return h('p', {class: 'muted'}, 'Starting backups is for operators.');
  }
  const [fDevices, devices] = field('Devices (comma-separated, empty: all)', {name: 'devices', autocomplete: 'off'});
  const [fModel, model] = field('Model', {name: 'model', autocomplete: 'off'});
  const [fGroup, group] = field('Group', {name: 'group', autocomplete: 'off'});
  const tables = h('input', {type: 'checkbox', id: 'backup-tables', name: 'tables', checked: true});
  const out = h('div', {'aria-live': 'polite'});
  const submit = h('button', {type: 'submit', id: 'start-backup'}, 'Start backup');
  const form = h('form', {class: 'inline-form', onsubmit: async e => {
    e.preventDefault();
    const body = {tables: tables.checked};
    const names = devices.value.split(',').map(s => s.trim()).filter(Boolean);
    if (names.length) body.devices = names;
    if (model.value.trim()) body.model = model.value.trim();
    if (group.value.trim()) body.group = group.value.trim();
    submit.disabled = true;
    try {
      const r = await api('/backups', {method: 'POST', json: body});
      onStarted(r.jobId);
    } catch (err) {
      replace(out, errorBox(err));
    } finally {
      submit.disabled = false;
    }
  }}, fDevices, fModel, fGroup,
  h('div', {class: 'field check'}, tables, h('label', {for: 'backup-tables'}, 'Export the tables too')),
  h('div', {class: 'field'}, submit), out);
  return form;
}

/** Previous/next buttons over a cursor-paged list. */
export function pager(hasPrev, hasNext, onPrev, onNext) {
  return h('div', {class: 'pager'},
    h('button', {type: 'button', disabled: !hasPrev, onclick: onPrev}, '← Previous page'),
    h('button', {type: 'button', disabled: !hasNext, onclick: onNext}, 'Next page →'));
}
