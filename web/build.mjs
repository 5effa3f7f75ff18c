// Builds the workspace into web/dist/: the app bundle and its CSS with content-hashed names under
// assets/ (served with a long cache), and index.html (no-cache) naming them. Everything comes from
// node_modules and web/src: no CDN, no remote font, since government intranets are offline.
// Usage: node web/build.mjs [--tests]   (--tests also bundles web/test/*.test.ts into web/.tests/)
import { mkdir, readdir, rm, writeFile, access } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(resolve(here, '..', 'package.json'));
const esbuild = require('esbuild');

const dist = join(here, 'dist');
const calendar = join(here, '.generated', 'working-days.json');
const messageCatalog = join(here, '.generated', 'message-catalog.json');

try {
  await access(calendar);
} catch {
  console.error(`缺少工作日历 ${calendar}：请先运行 make web（由 workers.deadlines.calendar_json 生成）`);
  process.exit(2);
}
try {
  await access(messageCatalog);
} catch {
  console.error(`缺少外部事件目录 ${messageCatalog}：请先运行 make web（由 govit.messages_json 生成）`);
  process.exit(2);
}

await rm(dist, { recursive: true, force: true });
await mkdir(join(dist, 'assets'), { recursive: true });

const result = await esbuild.build({
  entryPoints: { app: join(here, 'src', 'main.ts') },
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  sourcemap: true,
  outdir: join(dist, 'assets'),
  entryNames: '[name]-[hash]',
  assetNames: '[name]-[hash]',
  // modules imported on demand (the diagram viewer) become chunks of their own
  splitting: true,
  chunkNames: 'chunk-[hash]',
  loader: { '.svg': 'file', '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.png': 'file' },
  alias: { '@working-days': calendar, '@message-catalog': messageCatalog },
  metafile: true,
  logLevel: 'warning',
});

const outputs = Object.keys(result.metafile.outputs).map((path) => path.split('/').pop());
const script = outputs.find((name) => name.startsWith('app-') && name.endsWith('.js'));
const style = outputs.find((name) => name.startsWith('app-') && name.endsWith('.css'));
if (!script || !style) {
  console.error(`构建结果不完整：${outputs.join(', ')}`);
  process.exit(1);
}
await writeFile(
  join(dist, 'index.html'),
  `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>政务信息化项目工作台</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/${style}">
<script type="module" src="/assets/${script}"></script>
</head>
<body><div id="app"></div></body>
</html>
`,
);

if (process.argv.includes('--tests')) {
  const testDir = join(here, 'test');
  const tests = (await readdir(testDir)).filter((name) => name.endsWith('.test.ts') || name.endsWith('-oracle.ts'));
  await rm(join(here, '.tests'), { recursive: true, force: true });
  await esbuild.build({
    entryPoints: tests.map((name) => join(testDir, name)),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outdir: join(here, '.tests'),
    outExtension: { '.js': '.mjs' },
    alias: { '@working-days': calendar, '@message-catalog': messageCatalog },
    logLevel: 'warning',
  });
}
console.log(`web/dist: ${script}, ${style}`);
