// The audit log, newest first. The API filters by user (actor) and start time; action and end time narrow the
// loaded page here.
import {api, qs} from '../lib/api.js';
import {h, replace, errorBox, time, table, field} from '../lib/dom.js';
import {pager} from './common.js';

export default async function audit(main, args, params) {
  main.append(h('h1', {}, 'Audit log'));
  const [fActor, actor] = field('User', {id: 'audit-actor', value: params.get('actor') || '', autocomplete: 'off', placeholder: 'local:alice'});
  const [fAction, action] = field('Action contains', {id: 'audit-action', value: params.get('action') || '', autocomplete: 'off', placeholder: 'POST /backups'});
  const [fSince, since] = field('From (UTC)', {id: 'audit-since', type: 'datetime-local', step: 1});
  const [fUntil, until] = field('Until (UTC)', {id: 'audit-until', type: 'datetime-local', step: 1});
  const out = h('div', {id: 'audit-results', 'aria-live': 'polite'});
  let cursors = [null];
  let index = 0;
  const iso = v => v ? new Date(v + 'Z').toISOString() : '';
  const load = async () => {
    try {
      const r = await api('/audit' + qs({actor: actor.value.trim(), since: iso(since.value), limit: 200, cursor: cursors[index]}));
      cursors[index + 1] = r.next || null;
      const a = action.value.trim().toLowerCase();
      const end = until.value ? new Date(iso(until.value)) : null;
      const rows = r.entries.filter(e => (!a || e.action.toLowerCase().includes(a)) && (!end || new Date(e.at) <= end));
      replace(out, table(null, ['At', 'User', 'Action', 'Target', 'Result', 'Details'],
        rows.map(e => [time(e.at), e.actor, e.action, e.target, e.result,
          Object.entries(e.details || {}).map(([k, v]) => `${k}=${v}`).join(', ')]), 'No audit entry matches.'),
        pager(index > 0, !!r.next, () => { index--; load(); }, () => { index++; load(); }));
    } catch (e) {
      replace(out, errorBox(e));
    }
  };
  main.append(h('form', {class: 'inline-form filters', onsubmit: e => { e.preventDefault(); cursors = [null]; index = 0; load(); }},
    fActor, fAction, fSince, fUntil, h('div', {class: 'field'}, h('button', {type: 'submit', id: 'audit-filter'}, 'Filter'))), out);
  await load();
}
