// The application's tables as the import-ready YAML documents the API exports.
import {api} from '../lib/api.js';
import {h, replace, errorBox, download} from '../lib/dom.js';

const TABLES = [['configuration', 'Configuration', 'configuration keys such as backup.cron'],
  ['scheduler', 'Scheduler', 'scheduler entries'], ['inventory', 'Inventory', 'devices, their pinned host keys and backup state']];

export default async function tables(main) {
  main.append(h('h1', {}, 'Tables'),
    h('p', {}, 'Each document is the table as GET /', h('code', {}, 'configuration'), ' (and the others) returns it: the same '
      + 'format as the S3 exports, accepted unchanged by PUT and by ', h('code', {}, 'cfgvault import'), '.'));
  for (const [name, title, what] of TABLES) {
    const out = h('div', {'aria-live': 'polite'});
    const fetchDoc = async () => api('/' + name, {response: 'text'});
    main.append(h('section', {class: 'card', id: 'table-' + name}, h('h2', {}, title), h('p', {class: 'muted'}, what),
      h('div', {class: 'actions'},
        h('button', {type: 'button', id: 'download-' + name, onclick: async () => {
          try {
            download(name + '.yaml', await fetchDoc(), 'application/yaml');
            replace(out, h('p', {role: 'status'}, `Downloaded ${name}.yaml.`));
          } catch (e) {
            replace(out, errorBox(e));
          }
        }}, `Download ${name}.yaml`),
        h('button', {type: 'button', id: 'view-' + name, onclick: async () => {
          try {
            replace(out, h('pre', {class: 'doc'}, await fetchDoc()));
          } catch (e) {
            replace(out, errorBox(e));
          }
        }}, 'View')), out));
  }
  main.append(h('p', {class: 'muted'}, 'Importing and restoring tables from an archived version are not in the console yet: '
    + 'use PUT /configuration (or cfgvault import) and POST /configuration/restore.'));
}
