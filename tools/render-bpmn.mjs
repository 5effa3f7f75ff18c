// Renders BPMN diagrams to PNG with bpmn-js (the renderer Camunda Modeler uses) in headless
// Debian Chromium, offline: the viewer, its CSS and font come from node_modules.
// Usage: node tools/render-bpmn.mjs OUT_DIR FILE...   writes OUT_DIR/<region>-<name>.png per file
// and prints one JSON line per file ({"file", "png", "width", "height", "warnings"}).
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';

const require = createRequire(resolve('package.json'));
const { chromium } = require('playwright-core');

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const MAX_SIDE = 16000;

const [outDir, ...files] = process.argv.slice(2);
if (!outDir || files.length === 0) {
  console.error('用法：node tools/render-bpmn.mjs 输出目录 bpmn/<地区>/<文件>.bpmn ...');
  process.exit(2);
}
await mkdir(outDir, { recursive: true });

const assets = resolve('node_modules/bpmn-js/dist');
const page_html = `<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="file://${assets}/assets/diagram-js.css">
<link rel="stylesheet" href="file://${assets}/assets/bpmn-js.css">
<style>html,body{margin:0;background:#fff}#canvas{width:100vw;height:100vh}</style>
<script src="file://${assets}/bpmn-viewer.production.min.js"></script></head>
<body><div id="canvas"></div></body></html>`;

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
let failed = false;
try {
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
  const page = await context.newPage();
  const htmlFile = join(resolve(outDir), '.viewer.html');
  await (await import('node:fs/promises')).writeFile(htmlFile, page_html);
  for (const file of files) {
    await page.goto(`file://${htmlFile}`);
    const xml = await readFile(file, 'utf-8');
    const result = await page.evaluate(async (text) => {
      const viewer = new window.BpmnJS({ container: '#canvas' });
      const { warnings } = await viewer.importXML(text);
      const canvas = viewer.get('canvas');
      canvas.zoom(1);
      const box = canvas.getActiveLayer().getBBox();
      window.viewer = viewer;
      return { warnings: warnings.map((w) => w.message), box: { x: box.x, y: box.y, width: box.width, height: box.height } };
    }, xml);
    const width = Math.min(MAX_SIDE, Math.ceil(result.box.width + 40));
    const height = Math.min(MAX_SIDE, Math.ceil(result.box.height + 40));
    await page.setViewportSize({ width, height });
    await page.evaluate(({ x, y }) => {
      const canvas = window.viewer.get('canvas');
      canvas.viewbox({ x: x - 20, y: y - 20, width: window.innerWidth, height: window.innerHeight });
    }, result.box);
    const region = basename(dirname(file));
    const name = basename(file, '.bpmn');
    const png = join(outDir, name.startsWith(`${region}-`) ? `${name}.png` : `${region}-${name}.png`);
    await page.screenshot({ path: png });
    if (result.warnings.length > 0) failed = true;
    console.log(JSON.stringify({ file, png, width, height, warnings: result.warnings }));
  }
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
