// The workspace's entry: the session, the header and the routes.

import '@bpmn-io/form-js-viewer/dist/assets/form-js.css';
import './styles.css';

import { whenSessionLost } from './api';
import { h, replace } from './dom';
import { type View, here, navigate, onRender, route, startRouter } from './router';
import { forget, resume, session, signOut } from './session';
import { operateView } from './views/operate';
import { operateInstanceView } from './views/operateInstance';
import { overviewView, readsOverview } from './views/overview';
import { projectsView } from './views/projects';
import { projectsDetailView } from './views/projectsDetail';
import { signInView } from './views/signin';
import { taskView } from './views/task';
import { taskListView } from './views/tasklist';

const app = document.getElementById('app') ?? document.body;

function signInUrl(reason: string | null): string {
  const query = new URLSearchParams();
  const from = here();
  if (!from.startsWith('/signin')) query.set('next', from);
  if (reason) query.set('reason', reason);
  return `/signin?${query.toString()}`;
}

whenSessionLost((reason) => {
  forget();
  navigate(signInUrl(reason), { replace: true });
});

function header(): HTMLElement {
  const me = session();
  return h(
    'header',
    { class: 'topbar' },
    h('a', { href: '/tasks', class: 'brand' }, '政务信息化项目工作台'),
    h('nav', null, h('a', { href: '/tasks' }, '待办任务'), me?.roles.includes('ops') ? h('a', { href: '/operate' }, '流程监控') : null, h('a', { href: '/projects' }, '项目库'), readsOverview(me) ? h('a', { href: '/overview' }, '统计概览') : null),
    me
      ? h(
          'div',
          { class: 'me' },
          h('span', { class: 'who', title: me.groups.join('、') }, me.name || me.username),
          h(
            'button',
            {
              type: 'button',
              class: 'link signout',
              onclick: () => {
                void signOut().finally(() => navigate('/signin?reason=' + encodeURIComponent('您已退出登录'), { replace: true }));
              },
            },
            '退出登录',
          ),
        )
      : null,
  );
}

let checked = false;

onRender((view: View, params, query) => {
  void (async () => {
    if (view !== signInView && session() === null) {
      // first load, or after a reload: the cookie may still hold a live session
      const found = checked ? null : await resume().catch(() => null);
      checked = true;
      if (found === null) {
        navigate(signInUrl(null), { replace: true });
        return;
      }
    }
    const main = h('main', { class: 'content' });
    replace(app, view === signInView ? null : header(), main);
    await view(main, params, query);
  })();
});

route('/signin', signInView);
route('/tasks', taskListView);
route('/tasks/:key', taskView);
route('/operate', operateView);
route('/operate/instances/:key', operateInstanceView);
route('/projects', projectsView);
route('/projects/:id', projectsDetailView);
route('/overview', overviewView);
route('/', (root) => {
  void root;
  navigate('/tasks', { replace: true });
});

startRouter();
