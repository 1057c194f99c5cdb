// Jobs: newest first, a page at a time, and the form that starts a backup.
import {api, qs} from '../lib/api.js';
import {h, replace, errorBox} from '../lib/dom.js';
import {jobsTable, backupForm, pager, section} from './common.js';

export default async function jobs(main, args, params, session) {
  main.append(h('h1', {}, 'Jobs'));
  main.append(section('Start a backup', async () => backupForm(session, id => { location.hash = '#/jobs/' + encodeURIComponent(id); })));
  const list = h('div', {});
  const cursors = [null];
  let index = 0;
  let timer = null;
  const load = async () => {
    try {
      const r = await api('/jobs' + qs({limit: 50, cursor: cursors[index]}));
      cursors[index + 1] = r.next || null;
      replace(list, jobsTable(r.jobs, 'Jobs, newest first'),
        pager(index > 0, !!r.next, () => { index--; load(); }, () => { index++; load(); }));
    } catch (e) {
      replace(list, errorBox(e));
    }
  };
  main.append(h('section', {class: 'card'}, list));
  await load();
  // Newest jobs move while they run; only the first page is refreshed so a user paging back is not disturbed.
  timer = setInterval(() => { if (index === 0) load(); }, 5000);
  return () => clearInterval(timer);
}
