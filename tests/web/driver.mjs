// A small JSON-lines driver of Debian's chromium through playwright-core, for the browser tests
// (tests/web/browser.py): one command per line on stdin, one answer per line on stdout.
//   {"cmd": "goto", "url": …}  {"cmd": "click", "target": {…}}  {"cmd": "fill", "target": {…}, "value": …}
// A target is {"css": …} or {"label": …} or {"role": …, "name": …} or {"text": …}, with
// optional "exact" and "nth". Nothing here downloads a browser; the user data dir is fresh.
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

const require = createRequire(resolve('package.json'));
const { chromium } = require('playwright-core');

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

let userDataDir = null;
let context = null;
let page = null;
const consoleErrors = [];

async function open({ viewport = { width: 1280, height: 900 }, fixedTime = null } = {}) {
  if (context) await context.close();
  if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
  userDataDir = await mkdtemp(join(tmpdir(), 'govit-web-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    args: ARGS,
    headless: true,
    viewport,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(15000);
  page.on('console', (message) => {
    // a refused request (401 before signing in, 403 where a user may not read) is the app's to
    // handle; what counts here is a script error
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(String(error)));
  if (fixedTime) await page.clock.setFixedTime(new Date(fixedTime));
  return {};
}

function locate(target) {
  let found;
  if (target.css) found = page.locator(target.css, target.has_text ? { hasText: target.has_text } : {});
  else if (target.label) found = page.getByLabel(target.label, { exact: target.exact ?? false });
  else if (target.role) found = page.getByRole(target.role, { name: target.name, exact: target.exact ?? false });
  else if (target.text) found = page.getByText(target.text, { exact: target.exact ?? false });
  else throw new Error(`unknown target ${JSON.stringify(target)}`);
  if (target.within) found = page.locator(target.within).locator(found);
  return target.nth === undefined ? found.first() : found.nth(target.nth);
}

const commands = {
  open,
  goto: async ({ url }) => {
    await page.goto(url);
    return { url: page.url() };
  },
  click: async ({ target }) => (await locate(target).click(), {}),
  check: async ({ target }) => (await locate(target).check(), {}),
  fill: async ({ target, value }) => (await locate(target).fill(value), {}),
  type: async ({ target, value }) => (await locate(target).pressSequentially(value), {}),
  press: async ({ target, key }) => (await locate(target).press(key), {}),
  files: async ({ target, files }) => {
    const made = files.map(({ name, mimeType, size, fill = '%' }) => ({ name, mimeType, buffer: Buffer.alloc(size, fill) }));
    await locate(target).setInputFiles(made);
    return {};
  },
  select: async ({ target, value }) => (await locate(target).selectOption(value), {}),
  wait: async ({ target, state = 'visible', timeout }) => (await locate(target).waitFor({ state, timeout }), {}),
  text: async ({ target }) => ({ text: await locate(target).innerText() }),
  count: async ({ target }) => ({ count: await (target.css ? page.locator(target.css) : locate(target)).count() }),
  url: async () => ({ url: page.url() }),
  waitUrl: async ({ pattern }) => (await page.waitForURL(new RegExp(pattern)), { url: page.url() }),
  evaluate: async ({ expression }) => ({ value: await page.evaluate(expression) }),
  screenshot: async ({ path, fullPage = true }) => (await page.screenshot({ path, fullPage }), { path }),
  errors: async () => ({ errors: consoleErrors.splice(0) }),
  // the text of an element inside a frame (a sandboxed one too), e.g. the dossier's page
  frameText: async ({ frame, css }) => ({ text: await page.frameLocator(frame).locator(css).first().innerText() }),
  // click, wait for the download it starts, save it: its suggested name and where it was saved
  download: async ({ target, path }) => {
    const [started] = await Promise.all([page.waitForEvent('download'), locate(target).click()]);
    await started.saveAs(path);
    return { fileName: started.suggestedFilename(), path };
  },
  close: async () => {
    if (context) await context.close();
    if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
    context = null;
    return {};
  },
};

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (!line.trim()) continue;
  const { cmd, ...args } = JSON.parse(line);
  try {
    const handler = commands[cmd];
    if (!handler) throw new Error(`unknown command ${cmd}`);
    process.stdout.write(JSON.stringify({ ok: true, ...(await handler(args)) }) + '\n');
  } catch (error) {
    process.stdout.write(JSON.stringify({ ok: false, error: String(error?.message ?? error).slice(0, 4000) }) + '\n');
  }
  if (cmd === 'close') process.exit(0);
}
