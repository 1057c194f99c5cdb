// DOM building from nodes only (no HTML parsing of strings): every string becomes a text node or an attribute value, so device names,
// configs and API messages can never turn into markup.

/** h('a', {href: '#/x', class: 'btn', onclick: fn}, 'text', child, [more]) */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'value') el.value = v;
    else if (k === 'checked') el.checked = !!v;
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const c of [children].flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

export function replace(el, ...children) {
  clear(el);
  return append(el, children);
}

/** A table in a scrolling wrapper; rows are arrays of cells (strings or nodes). */
export function table(caption, headers, rows, empty) {
  if (!rows.length) return h('p', {class: 'empty'}, empty || 'Nothing to show.');
  return h('div', {class: 'table-wrap'},
    h('table', {},
      caption ? h('caption', {}, caption) : null,
      h('thead', {}, h('tr', {}, headers.map(t => h('th', {scope: 'col'}, t)))),
      h('tbody', {}, rows.map(r => h('tr', {}, r.map(c => h('td', {}, c)))))));
}

/** A definition list from [label, value] pairs. */
export function facts(pairs) {
  return h('dl', {class: 'facts'}, pairs.filter(p => p).map(([k, v]) =>
    [h('dt', {}, k), h('dd', {}, v === null || v === undefined || v === '' ? '—' : v)]));
}

/** A message box for an API error: the API's own message, as text. */
export function errorBox(err) {
  const code = err && err.code ? err.code : null;
  return h('div', {class: 'error', role: 'alert'},
    code ? h('strong', {}, code + ': ') : null,
    err && err.message ? err.message : String(err));
}

const GOOD = new Set(['ok', 'completed', 'restored', 'unchanged', 'dry_run', 'enabled']);
const NEUTRAL = new Set(['running', 'queued', 'pending', 'never', 'skipped', 'disabled']);

export function statusBadge(status) {
  const s = status || 'unknown';
  const key = String(s).toLowerCase();
  const kind = GOOD.has(key) ? 'good' : NEUTRAL.has(key) ? 'neutral' : 'bad';
  return h('span', {class: 'badge ' + kind}, s);
}

export function time(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (isNaN(d)) return iso;
  return h('time', {datetime: iso, title: iso}, d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z').replace(/Z$/, ' UTC'));
}

export function link(href, text) {
  return h('a', {href}, text);
}

export function deviceHref(name) {
  return '#/devices/' + encodeURIComponent(name);
}

export function jobHref(id) {
  return '#/jobs/' + encodeURIComponent(id);
}

/** Saves text as a file through a blob: the browser downloads it, nothing is rendered. */
export function download(filename, text, type) {
  const url = URL.createObjectURL(new Blob([text], {type: type || 'text/plain'}));
  const a = h('a', {href: url, download: filename, class: 'hidden'});
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/** A labelled input; returns [wrapper, input]. */
export function field(label, attrs) {
  const id = attrs.id || ('f-' + Math.random().toString(36).slice(2));
  const input = h(attrs.tag || 'input', {...attrs, id, tag: null});
  return [h('div', {class: 'field'}, h('label', {for: id}, label), input), input];
}
