// A unified diff (as GET /devices/{name}/diff answers) laid out side by side: old on the left, new on the right.
import {h} from '../lib/dom.js';

export function parseUnified(text) {
  const rows = [];
  let oldNo = 0;
  let newNo = 0;
  let inHunk = false;
  let dels = [];
  let adds = [];
  const flush = () => {
    for (let i = 0; i < Math.max(dels.length, adds.length); i++) rows.push({left: dels[i], right: adds[i], kind: 'change'});
    dels = [];
    adds = [];
  };
  for (const line of text.split('\n')) {
    const m = line.match(/^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/);
    if (m) {
      flush();
      oldNo = Number(m[1]);
      newNo = Number(m[2]);
      inHunk = true;
      rows.push({kind: 'hunk', text: line});
      continue;
    }
    if (!inHunk || line === '') continue;
    const t = line.slice(1);
    if (line[0] === '-') dels.push({no: oldNo++, text: t});
    else if (line[0] === '+') adds.push({no: newNo++, text: t});
    else if (line[0] === ' ') {
      flush();
      rows.push({left: {no: oldNo++, text: t}, right: {no: newNo++, text: t}, kind: 'same'});
    }
  }
  flush();
  return rows;
}

export function sideBySide(text, fromLabel, toLabel) {
  const rows = parseUnified(text);
  if (!rows.length) return h('p', {id: 'diff-empty'}, 'The two versions are the same.');
  const cells = (side, cls) => side
    ? [h('td', {class: 'ln'}, String(side.no)), h('td', {class: 'code ' + cls}, side.text)]
    : [h('td', {class: 'ln'}), h('td', {class: 'code blank'})];
  return h('div', {class: 'table-wrap'}, h('table', {class: 'diff', id: 'diff-table'},
    h('thead', {}, h('tr', {}, h('th', {scope: 'col', colspan: 2}, fromLabel), h('th', {scope: 'col', colspan: 2}, toLabel))),
    h('tbody', {}, rows.map(r => r.kind === 'hunk'
      ? h('tr', {class: 'hunk'}, h('td', {colspan: 4}, r.text))
      : h('tr', {class: r.kind}, cells(r.left, r.kind === 'same' ? '' : 'del'), cells(r.right, r.kind === 'same' ? '' : 'add'))))));
}
