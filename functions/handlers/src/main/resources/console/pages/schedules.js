// The task window: every schedule with its next runs and last jobs; backup.cron and scheduler entries are
// edited through PUT /configuration and PUT /scheduler (merge), so the API's own validation speaks.
import {api} from '../lib/api.js';
import {h, replace, errorBox, facts, statusBadge, time, table, link, jobHref, field} from '../lib/dom.js';
import {countsText} from './common.js';

/** A YAML single-quoted scalar: the only escape is a doubled quote; line breaks cannot be typed into these fields. */
function yq(s) {
  return "'" + String(s).replace(/[\r\n]+/g, ' ').replace(/'/g, "''") + "'";
}

export function configurationDocument(cron) {
  return `table: configuration\nitems:\n- key: {S: backup.cron}\n  value: {S: ${yq(cron)}}\n`;
}

export function schedulerDocument(e) {
  const lines = ['table: scheduler', 'items:', `- id: {S: ${yq(e.id)}}`, `  cron: {S: ${yq(e.cron)}}`,
    `  enabled: {BOOL: ${e.enabled ? 'true' : 'false'}}`, `  tables: {BOOL: ${e.tables ? 'true' : 'false'}}`];
  if (e.timezone) lines.push(`  timezone: {S: ${yq(e.timezone)}}`);
  const sel = [];
  if (e.devices.length) sel.push(`devices: {L: [${e.devices.map(d => `{S: ${yq(d)}}`).join(', ')}]}`);
  if (e.model) sel.push(`model: {S: ${yq(e.model)}}`);
  if (e.group) sel.push(`group: {S: ${yq(e.group)}}`);
  if (sel.length) lines.push(`  selector: {M: {${sel.join(', ')}}}`);
  return lines.join('\n') + '\n';
}

export default async function schedules(main, args, params, session) {
  main.append(h('h1', {}, 'Schedules'));
  const list = h('div', {id: 'schedule-list', 'aria-live': 'polite'});
  const cronForm = h('div', {});
  const entryForm = h('div', {});
  let windowData = null;

  const load = async () => {
    try {
      windowData = await api('/schedules');
      replace(list, h('p', {class: 'muted'}, `Now ${windowData.now.replace(/\.\d+Z$/, 'Z')}; deployment time zone ${windowData.timeZone}.`),
        h('div', {class: 'grid'}, windowData.schedules.map(s => card(s))));
      if (!cronForm.firstChild) buildForms();
    } catch (e) {
      replace(list, errorBox(e));
    }
  };

  const card = s => h('section', {class: 'card schedule', 'data-schedule': s.id},
    h('h2', {}, s.kind === 'backup.cron' ? 'backup.cron' : 'Entry ' + s.id),
    facts([['Expression', h('code', {class: 'schedule-expression'}, s.expression)], ['Time zone', s.timeZone],
      ['State', statusBadge(s.state)], s.selector ? ['Selection', Object.entries(s.selector).map(([k, v]) =>
        `${k}: ${Array.isArray(v) ? v.join(', ') : v}`).join('; ') || 'all devices'] : null,
      s.tables !== undefined ? ['Tables', s.tables ? 'exported' : 'not exported'] : null]),
    h('h3', {}, 'Next runs'),
    s.nextFires.length ? h('ol', {class: 'next-fires'}, s.nextFires.map(f => h('li', {}, f.local, h('span', {class: 'muted'}, ' (' + f.utc + ')'))))
      : h('p', {class: 'muted'}, 'None: the schedule is off.'),
    h('h3', {}, 'Last jobs'),
    table(null, ['Job', 'Status', 'Devices', 'Started'], (s.lastJobs || []).map(j =>
      [link(jobHref(j.jobId), j.jobId), statusBadge(j.status), countsText(j.counts), time(j.startedAt)]), 'No job from this schedule yet.'),
    s.kind !== 'backup.cron' && session.canOperate
      ? h('button', {type: 'button', onclick: () => fillEntry(s)}, 'Edit this entry') : null);

  let fillEntry = () => {};

  const buildForms = () => {
    if (!session.canOperate) {
      replace(cronForm, h('p', {class: 'notice'}, 'Editing schedules is for operators.'));
      return;
    }
    const current = (windowData.schedules.find(s => s.kind === 'backup.cron') || {}).expression || '';
    const [fCron, cron] = field('backup.cron', {id: 'backup-cron', value: current.replace(/ \(stack default\)$/, ''),
      autocomplete: 'off', spellcheck: 'false'});
    const cronOut = h('div', {id: 'backup-cron-result', 'aria-live': 'polite'});
    replace(cronForm, h('section', {class: 'card'}, h('h2', {}, 'Change backup.cron'),
      h('p', {class: 'muted'}, 'cron(min hour day month weekday year) in UTC, localcron(...) in the deployment time zone, '
        + 'rate(N minutes|hours|days) or disabled.'),
      h('form', {class: 'inline-form', onsubmit: async e => {
        e.preventDefault();
        replace(cronOut);
        try {
          await api('/configuration?mode=merge', {method: 'PUT', text: configurationDocument(cron.value), type: 'application/yaml'});
          replace(cronOut, h('p', {class: 'ok', role: 'status'}, 'Saved backup.cron.'));
          load();
        } catch (err) {
          replace(cronOut, errorBox(err));
        }
      }}, fCron, h('div', {class: 'field'}, h('button', {type: 'submit', id: 'save-cron'}, 'Save'))), cronOut));

    const [fId, id] = field('Id', {id: 'entry-id', autocomplete: 'off', placeholder: 'nightly-core'});
    const [fExpr, expr] = field('Expression', {id: 'entry-cron', autocomplete: 'off', placeholder: 'localcron(30 2 * * ? *)'});
    const [fTz, tz] = field('Time zone (optional)', {id: 'entry-timezone', autocomplete: 'off', placeholder: 'Europe/Zurich'});
    const [fDevices, devices] = field('Devices (comma-separated)', {id: 'entry-devices', autocomplete: 'off'});
    const [fModel, model] = field('Model', {id: 'entry-model', autocomplete: 'off'});
    const [fGroup, group] = field('Group', {id: 'entry-group', autocomplete: 'off'});
    const enabled = h('input', {type: 'checkbox', id: 'entry-enabled', checked: true});
    const tables = h('input', {type: 'checkbox', id: 'entry-tables'});
    const entryOut = h('div', {id: 'entry-result', 'aria-live': 'polite'});
    fillEntry = s => {
      id.value = s.id;
      expr.value = s.expression.replace(/ \(stack default\)$/, '');
      tz.value = s.expression.startsWith('localcron') && s.timeZone !== windowData.timeZone ? s.timeZone : '';
      devices.value = (s.selector && s.selector.devices || []).join(', ');
      model.value = s.selector && s.selector.model || '';
      group.value = s.selector && s.selector.group || '';
      enabled.checked = s.state !== 'DISABLED' && s.state !== 'disabled';
      tables.checked = !!s.tables;
      id.focus();
    };
    replace(entryForm, h('section', {class: 'card'}, h('h2', {}, 'Add or change a scheduler entry'),
      h('form', {class: 'inline-form', onsubmit: async e => {
        e.preventDefault();
        replace(entryOut);
        const doc = schedulerDocument({id: id.value.trim(), cron: expr.value.trim(), timezone: tz.value.trim(),
          devices: devices.value.split(',').map(x => x.trim()).filter(Boolean), model: model.value.trim(),
          group: group.value.trim(), enabled: enabled.checked, tables: tables.checked});
        try {
          await api('/scheduler?mode=merge', {method: 'PUT', text: doc, type: 'application/yaml'});
          replace(entryOut, h('p', {class: 'ok', role: 'status'}, `Saved entry ${id.value.trim()}.`));
          load();
        } catch (err) {
          replace(entryOut, errorBox(err));
        }
      }}, fId, fExpr, fTz, fDevices, fModel, fGroup,
      h('div', {class: 'field check'}, enabled, h('label', {for: 'entry-enabled'}, 'Enabled')),
      h('div', {class: 'field check'}, tables, h('label', {for: 'entry-tables'}, 'Export the tables too')),
      h('div', {class: 'field'}, h('button', {type: 'submit', id: 'save-entry'}, 'Save entry'))), entryOut,
      h('p', {class: 'muted'}, 'Removing an entry is not offered here: the API removes items only with a whole-table '
        + 'PUT /scheduler?mode=replace. Untick "Enabled" to stop an entry.')));
  };

  main.append(list, h('div', {class: 'grid forms'}, cronForm, entryForm));
  await load();
}
