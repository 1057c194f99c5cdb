// Devices: search and filter on the server (GET /devices), 100 at a time, so 10,000 devices stay quick.
import {api, qs} from '../lib/api.js';
import {h, replace, errorBox, link, deviceHref, statusBadge, time, table, field} from '../lib/dom.js';
import {pager} from './common.js';

const PAGE = 100;
const STATUSES = [['', 'any status'], ['failing', 'failing (any error)'], ['ok', 'ok'], ['never', 'never backed up'],
  ...['unreachable', 'auth_failed', 'host_key_changed', 'timeout', 'truncated', 'command_error', 'incomplete', 'skipped',
    'no_result', 'failed'].map(s => [s, s])];

export default async function devices(main, args, params) {
  main.append(h('h1', {}, 'Devices'));
  const [fq, q] = field('Search name', {type: 'search', name: 'q', id: 'device-search', value: params.get('q') || '', autocomplete: 'off'});
  const status = h('select', {id: 'filter-status', name: 'status'},
    STATUSES.map(([v, t]) => h('option', {value: v}, t)));
  status.value = params.get('status') || '';
  const [fModel, model] = field('Model', {name: 'model', id: 'filter-model', value: params.get('model') || ''});
  const [fGroup, group] = field('Group', {name: 'group', id: 'filter-group', value: params.get('group') || ''});
  const [fPlatform, platform] = field('Platform', {name: 'platform', id: 'filter-platform', value: params.get('platform') || ''});
  const results = h('div', {'aria-live': 'polite', id: 'device-results'});
  let afters = [null];
  let index = 0;

  const load = async () => {
    replace(results, h('p', {class: 'muted'}, 'Loading…'));
    try {
      const r = await api('/devices' + qs({q: q.value.trim(), status: status.value, model: model.value.trim(),
        group: group.value.trim(), platform: platform.value.trim(), after: afters[index], limit: PAGE}));
      afters[index + 1] = r.next;
      replace(results,
        h('p', {class: 'muted'}, `Page ${index + 1}: ${r.devices.length} devices` + (r.next ? ', more on the next page.' : '.')),
        table(null, ['Device', 'Host', 'Platform', 'Model', 'Group', 'Status', 'Last success', 'Error'],
          r.devices.map(d => [link(deviceHref(d.name), d.name), d.host + (d.port && d.port !== 22 ? ':' + d.port : ''),
            d.platform, d.model || '—', d.group || '—',
            d.enabled ? statusBadge(d.state.status) : h('span', {}, statusBadge(d.state.status), ' (disabled)'),
            time(d.state.lastSuccessAt), d.state.error || '—']), 'No device matches.'),
        pager(index > 0, !!r.next, () => { index--; load(); }, () => { index++; load(); }));
    } catch (e) {
      replace(results, errorBox(e));
    }
  };

  const form = h('form', {class: 'inline-form filters', role: 'search', onsubmit: e => {
    e.preventDefault();
    afters = [null];
    index = 0;
    // The filter goes into the address, so it can be bookmarked or shared (replaceState: no hashchange, no re-render).
    history.replaceState(null, '', '#/devices' + qs({q: q.value.trim(), status: status.value, model: model.value.trim(),
      group: group.value.trim(), platform: platform.value.trim()}));
    load();
  }}, fq, h('div', {class: 'field'}, h('label', {for: 'filter-status'}, 'Status'), status), fModel, fGroup, fPlatform,
  h('div', {class: 'field'}, h('button', {type: 'submit', id: 'device-filter'}, 'Filter')));
  main.append(form, results);
  await load();
}
