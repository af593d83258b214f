// One build script: first the files derived from the rule catalogue
// (scripts/catalogue.ts) and the schema validators (scripts/validators.ts),
// then every bundle — the CLI, the language server,
// the VS Code client and the webview renderers.
import * as esbuild from 'esbuild';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

// esbuild escapes every non-ASCII character in code (its default charset), but
// not in the comments it keeps: one "—" there makes V8 hold the whole bundle's
// source as two bytes a character, in the server and in each parse worker
// (about 9 MB instead of 4.5 each). Escaping them in the comments too keeps
// the text one byte a character; in a comment an escape is only text.
const asciiOnly = {
  name: 'ascii-only',
  setup(build) {
    build.onEnd((result) => {
      if (result.errors.length > 0) return;
      const file = build.initialOptions.outfile;
      const text = readFileSync(file, 'utf8');
      if (!/[^\x00-\x7f]/.test(text)) return;
      writeFileSync(file, text.replace(/[^\x00-\x7f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`));
    });
  },
};

const node = {
  bundle: true,
  plugins: [asciiOnly],
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  define: { HANDOFF_VERSION: JSON.stringify(pkg.version) },
};

// The schema's rules block, the handoff.rules settings and the docs index
// come from the rule files; write them before the bundles read the schema.
// The schema validators are compiled from the schemas into code the core
// imports (scripts/validators.ts, not committed): before the catalogue, whose
// script bundles the core, and again once the catalogue has rewritten a schema.
{
  const scratch = mkdtempSync(path.join(tmpdir(), 'handoff-catalogue-'));
  try {
    const validators = path.join(scratch, 'validators.cjs');
    await esbuild.build({ ...node, sourcemap: false, minify: false, entryPoints: ['scripts/validators.ts'], outfile: validators });
    const { writeValidators } = createRequire(import.meta.url)(validators);
    writeValidators(process.cwd());
    const outfile = path.join(scratch, 'catalogue.cjs');
    // jsonc-parser's default entry is UMD, which esbuild cannot follow; take its ES module.
    await esbuild.build({ ...node, sourcemap: false, minify: false, mainFields: ['module', 'main'], entryPoints: ['scripts/catalogue.ts'], outfile });
    const written = createRequire(import.meta.url)(outfile).writeCatalogue(process.cwd());
    for (const file of written) console.log(`rule catalogue: wrote ${file} (commit it)`);
    if (written.length > 0) writeValidators(process.cwd());
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

// The holiday library and its data (every country's rules, moment-timezone's
// zones: half of the server's source) are only needed once a calendar names a
// region (core/regions.ts loads them then): a bundle of their own beside the
// language server's, so that a start without a region neither reads nor
// compiles them. The CLI keeps them in: it runs once, and stays one file.
const holidaysApart = {
  name: 'holidays-apart',
  setup(build) {
    build.onResolve({ filter: /^date-holidays$/ }, (args) => (args.kind === 'require-call' ? { path: './holidays.js', external: true } : undefined));
  },
};

const contexts = [
  { ...node, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js' },
  { ...node, plugins: [...node.plugins, holidaysApart], entryPoints: ['server/src/node/serverMain.ts'], outfile: 'dist/server.js' },
  { ...node, entryPoints: ['date-holidays'], outfile: 'dist/holidays.js' },
  { ...node, entryPoints: ['server/src/node/parseWorker.ts'], outfile: 'dist/parseWorker.js' },
  { ...node, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
];
// Webview renderers: plain browser code fed the schedule/graph model as data,
// used by the VS Code panels and inlined into the CLI's standalone pages.
// They import server/src/protocol.ts for its types and pure functions. Its
// request objects are pure, and the analysis core has no module-level side
// effects (a house rule), so esbuild may drop whatever a page does not use:
// none of the LSP library, yaml or the rules reaches a page.
const serverCore = path.resolve('server/src/core') + path.sep;
const serverCodeIsPure = {
  name: 'server-code-is-pure',
  setup(build) {
    build.onResolve({ filter: /^(vscode-languageserver-protocol$|\.)/ }, async (args) => {
      if (args.pluginData === 'resolving') return undefined;
      if (args.path.startsWith('.') && !args.importer.startsWith(path.resolve('server/src'))) return undefined;
      const resolved = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: 'resolving' });
      if (resolved.errors.length > 0) return undefined;
      const pure = !args.path.startsWith('.') || resolved.path.startsWith(serverCore);
      return pure ? { path: resolved.path, sideEffects: false } : undefined;
    });
  },
};
const browser = { bundle: true, platform: 'browser', target: 'es2022', format: 'iife', sourcemap: false, minify: production, logLevel: 'warning', plugins: [serverCodeIsPure] };
// Every renderer has a script and a style sheet; a missing one is a build error.
for (const name of ['timeline', 'graph']) {
  contexts.push({ ...browser, entryPoints: [`client/src/webview/${name}Main.ts`], outfile: `dist/webview/${name}.js` });
  contexts.push({ ...browser, format: undefined, entryPoints: [`client/src/webview/${name}.css`], outfile: `dist/webview/${name}.css` });
}

for (const options of contexts) {
  if (watch) {
    const ctx = await esbuild.context(options);
    await ctx.watch();
  } else {
    await esbuild.build(options);
  }
}
