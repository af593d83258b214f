// One build script for every bundle: the CLI and the language server now,
// the VS Code client and the webview renderers as they arrive.
import * as esbuild from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  define: { HANDOFF_VERSION: JSON.stringify(pkg.version) },
};

const contexts = [
  { ...node, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js' },
];
if (existsSync('server/src/node/serverMain.ts')) {
  contexts.push({ ...node, entryPoints: ['server/src/node/serverMain.ts'], outfile: 'dist/server.js' });
}
if (existsSync('client/src/extension.ts')) {
  contexts.push({ ...node, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] });
}
// Webview renderers: plain browser code fed the schedule/graph model as data,
// used by the VS Code panels and inlined into the CLI's standalone pages.
const browser = { bundle: true, platform: 'browser', target: 'es2022', format: 'iife', sourcemap: false, minify: production, logLevel: 'warning' };
for (const name of ['timeline', 'graph', 'report']) {
  const entry = `client/src/webview/${name}Main.ts`;
  if (existsSync(entry)) contexts.push({ ...browser, entryPoints: [entry], outfile: `dist/webview/${name}.js` });
  const css = `client/src/webview/${name}.css`;
  if (existsSync(css)) contexts.push({ ...browser, format: undefined, entryPoints: [css], outfile: `dist/webview/${name}.css` });
}

for (const options of contexts) {
  if (watch) {
    const ctx = await esbuild.context(options);
    await ctx.watch();
  } else {
    await esbuild.build(options);
  }
}
