// Client-side routes over the History API; the server answers every route with index.html.

export type View = (root: HTMLElement, params: Record<string, string>, query: URLSearchParams) => void | Promise<void>;

interface Route {
  pattern: RegExp;
  names: string[];
  view: View;
}

const routes: Route[] = [];
let render: (view: View, params: Record<string, string>, query: URLSearchParams) => void = () => {};

/** ``/tasks/:key`` style patterns. */
export function route(path: string, view: View): void {
  const names: string[] = [];
  const source = path.replace(/:([a-zA-Z]+)/g, (_match, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  routes.push({ pattern: new RegExp(`^${source}/?$`), names, view });
}

export function match(pathname: string): { view: View; params: Record<string, string> } | null {
  for (const candidate of routes) {
    const found = candidate.pattern.exec(pathname);
    if (found) {
      const params: Record<string, string> = {};
      candidate.names.forEach((name, index) => {
        params[name] = decodeURIComponent(found[index + 1] ?? '');
      });
      return { view: candidate.view, params };
    }
  }
  return null;
}

export function onRender(handler: typeof render): void {
  render = handler;
}

export function navigate(to: string, { replace = false } = {}): void {
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  dispatch();
}

export function dispatch(): void {
  const url = new URL(location.href);
  const found = match(url.pathname) ?? match('/tasks');
  if (found) render(found.view, found.params, url.searchParams);
}

/** The current location (path and query), for coming back after signing in again. */
export function here(): string {
  return location.pathname + location.search;
}

export function startRouter(): void {
  window.addEventListener('popstate', dispatch);
  // Same-origin links move within the app without reloading it.
  document.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target.closest('a') : null;
    if (!target || target.target || event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const url = new URL(target.href, location.href);
    if (url.origin !== location.origin || !match(url.pathname) || target.hasAttribute('download')) return;
    event.preventDefault();
    navigate(url.pathname + url.search);
  });
  dispatch();
}
