// Architecture rules as tests: the analysis core stays pure, so the server,
// the CLI and any future host (a browser, a worker) can drive it.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sources(full);
    return full.endsWith('.ts') ? [full] : [];
  });
}

function importsOf(file: string, text = readFileSync(file, 'utf8')): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]/g)) found.push(match[1]);
  for (const match of text.matchAll(/\b(?:require|import)\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(match[1]);
  return found;
}

describe('architecture', () => {
  const core = path.join(ROOT, 'server', 'src', 'core');

  // date-holidays is pure data and computation (public holidays by region), no I/O;
  // csv-parse's sync API is a pure text parser (shot lists the host read).
  it('the analysis core imports only yaml, ajv, date-holidays, csv-parse, the schemas and itself', () => {
    const offenders: string[] = [];
    for (const file of sources(core)) {
      for (const specifier of importsOf(file)) {
        const target = specifier.startsWith('.') ? path.resolve(path.dirname(file), specifier) : '';
        const allowed =
          specifier === 'yaml' ||
          specifier === 'ajv' ||
          specifier === 'date-holidays' ||
          specifier === 'csv-parse/sync' ||
          (target.startsWith(core + path.sep) && !specifier.endsWith('.json')) ||
          (target.startsWith(path.join(ROOT, 'schemas') + path.sep) && specifier.endsWith('.schema.json'));
        if (!allowed) offenders.push(`${path.relative(ROOT, file)} imports '${specifier}'`);
      }
    }
    assert.deepEqual(offenders, []);
  });

  it('finds imports the way the check above relies on', () => {
    // Guard against the check passing because it sees nothing.
    const all = sources(core).flatMap((file) => importsOf(file));
    assert.ok(all.includes('yaml'), 'the parser is imported from yaml');
    assert.ok(all.some((s) => s.endsWith('.schema.json')), 'schemas are imported');
  });

  it('only server/src/lsp and server/src/node import vscode-languageserver', () => {
    const offenders = sources(path.join(ROOT, 'server', 'src'))
      .filter((file) => !file.includes(`${path.sep}lsp${path.sep}`) && !file.includes(`${path.sep}node${path.sep}`) && !file.endsWith('protocol.ts'))
      .filter((file) => importsOf(file).some((s) => s.startsWith('vscode-languageserver')))
      .map((file) => path.relative(ROOT, file));
    assert.deepEqual(offenders, []);
  });

  it('the client imports from the server only the protocol module', () => {
    assert.deepEqual(clientImportsOutsideProtocol(path.join(ROOT, 'client', 'src')), []);
  });

  it('notices a client module that reaches into the server', () => {
    // A planted copy of today's client with one import into the core must be caught.
    const planted = path.join(ROOT, 'client', 'src', 'panels', 'timelinePanel.ts');
    const text = `import { scaffoldProduction } from '../../../server/src/core/scaffold';\n${readFileSync(planted, 'utf8')}`;
    assert.deepEqual(clientImportsOutsideProtocol(path.join(ROOT, 'client', 'src'), { [planted]: text }), ["client/src/panels/timelinePanel.ts imports '../../../server/src/core/scaffold'"]);
  });
});

/** Imports in `dir` that resolve into server/ anywhere but server/src/protocol.ts (`texts` stands in for files on disk). */
function clientImportsOutsideProtocol(dir: string, texts: Record<string, string> = {}): string[] {
  const server = path.join(ROOT, 'server') + path.sep;
  const protocol = path.join(ROOT, 'server', 'src', 'protocol');
  const offenders: string[] = [];
  for (const file of sources(dir)) {
    for (const specifier of importsOf(file, texts[file])) {
      if (!specifier.startsWith('.')) continue;
      const target = path.resolve(path.dirname(file), specifier).replace(/\.(ts|js)$/, '');
      if ((target + path.sep).startsWith(server) && target !== protocol) offenders.push(`${path.relative(ROOT, file).split(path.sep).join('/')} imports '${specifier}'`);
    }
  }
  return offenders;
}
