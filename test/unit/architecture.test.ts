// Architecture rules as tests: the analysis core stays pure, so the server,
// the CLI and any future host (a browser, a worker) can drive it.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

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
          // The helpers ajv's standalone code calls (string length, deep equality): pure functions, in generated/validators.ts.
          specifier.startsWith('ajv/dist/runtime/') ||
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

  it('LSP types appear only in server/src/lsp (plus the node main that starts it and the wire contract)', () => {
    assert.deepEqual(lspImportsOutsideEdge(), []);
  });

  it('notices an LSP import outside the edge', () => {
    const planted = path.join(core, 'features', 'hover.ts');
    const text = `import type { Hover } from 'vscode-languageserver';\n${readFileSync(planted, 'utf8')}`;
    assert.deepEqual(lspImportsOutsideEdge({ [planted]: text }), ['server/src/core/features/hover.ts']);
  });

  it('core data becomes LSP data only in lsp/convert.ts: no other module imports the LSP kinds it maps to', () => {
    assert.deepEqual(lspMappingOutsideConvert(), []);
  });

  it('notices an LSP mapping outside convert.ts', () => {
    const planted = path.join(ROOT, 'server', 'src', 'lsp', 'features.ts');
    const text = `import { SymbolKind as LspSymbolKind, type Hover } from 'vscode-languageserver';\nexport const planted = LspSymbolKind.Field;\n${readFileSync(planted, 'utf8')}`;
    assert.deepEqual(lspMappingOutsideConvert({ [planted]: text }), ['server/src/lsp/features.ts imports SymbolKind']);
  });

  it('no import cycle in server/src or client/src', () => {
    assert.deepEqual(importCycles(path.join(ROOT, 'server', 'src')), []);
    assert.deepEqual(importCycles(path.join(ROOT, 'client', 'src')), []);
  });

  it('notices an import cycle', () => {
    // words.ts is imported by report.ts; making it import report.ts closes a loop.
    const planted = path.join(core, 'words.ts');
    const text = `import { deliveryReport } from './report';\nexport const planted = deliveryReport;\n${readFileSync(planted, 'utf8')}`;
    const cycles = importCycles(path.join(ROOT, 'server', 'src'), { [planted]: text });
    assert.equal(cycles.length, 1);
    assert.ok(cycles[0].includes('server/src/core/words.ts') && cycles[0].includes('server/src/core/report.ts'), cycles[0]);
  });

  it('notices an import cycle made only of type imports', () => {
    // calendar.ts is imported by regions.ts; a type import back from regions.ts closes a loop too.
    const planted = path.join(core, 'calendar.ts');
    const text = `import type { RegionHolidays } from './regions';\nexport type Planted = RegionHolidays;\n${readFileSync(planted, 'utf8')}`;
    assert.deepEqual(importCycles(path.join(ROOT, 'server', 'src'), { [planted]: text }), ['server/src/core/calendar.ts → server/src/core/regions.ts']);
    // The same with `export type … from` instead.
    const reexport = `export type { RegionHolidays } from './regions';\n${readFileSync(planted, 'utf8')}`;
    assert.deepEqual(importCycles(path.join(ROOT, 'server', 'src'), { [planted]: reexport }), ['server/src/core/calendar.ts → server/src/core/regions.ts']);
  });

  it('the core keeps no state in its modules: no top-level let, no collection filled at run time', () => {
    // The generated schema validators (server/src/core/generated, written by the build) are read too.
    assert.ok(sources(core).some((file) => file.endsWith(path.join('generated', 'validators.ts'))), 'npm run build writes the schema validators');
    assert.deepEqual(sources(core).flatMap((file) => moduleState(file)), []);
  });

  it('notices a module-level cache and a counter', () => {
    const planted = path.join(core, 'words.ts');
    const text = `${readFileSync(planted, 'utf8')}\nconst seen = new Map<string, number>();\nlet calls = 0;\nconst recent: string[] = [];\nexport function count(word: string): number {\n  calls++;\n  seen.set(word, calls);\n  recent.push(word);\n  return seen.size;\n}\n`;
    assert.deepEqual(moduleState(planted, text), ['server/src/core/words.ts: calls', 'server/src/core/words.ts: recent', 'server/src/core/words.ts: seen']);
    // A constant lookup table is not state.
    assert.deepEqual(moduleState(planted, `${readFileSync(planted, 'utf8')}\nconst KINDS: ReadonlySet<string> = new Set(['a', 'b']);\nexport const isKind = (k: string) => KINDS.has(k);\n`), []);
  });

  it('the server edge and the CLI reach the core only through the facade', () => {
    assert.deepEqual(coreImportsBesideFacade(), []);
  });

  it('notices an edge module that reaches past the facade', () => {
    // Today's request handlers with one import straight into a feature module.
    const planted = path.join(ROOT, 'server', 'src', 'lsp', 'features.ts');
    const text = `import { hover } from '../core/features/hover';\n${readFileSync(planted, 'utf8')}`;
    assert.deepEqual(coreImportsBesideFacade({ [planted]: text }), ["server/src/lsp/features.ts imports '../core/features/hover'"]);
    // And a CLI command importing a core data type from its own module.
    const command = path.join(ROOT, 'server', 'src', 'cli', 'report.ts');
    const cliText = `import type { DeliveryReport } from '../core/report';\n${readFileSync(command, 'utf8')}`;
    assert.deepEqual(coreImportsBesideFacade({ [command]: cliText }), ["server/src/cli/report.ts imports '../core/report'"]);
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

/**
 * Imports in server/src/lsp and server/src/cli that resolve into the core
 * anywhere but its facade module (`texts` stands in for files on disk).
 */
function coreImportsBesideFacade(texts: Record<string, string> = {}): string[] {
  const core = path.join(ROOT, 'server', 'src', 'core');
  const facade = path.join(core, 'facade');
  const offenders: string[] = [];
  for (const edge of ['lsp', 'cli']) {
    for (const file of sources(path.join(ROOT, 'server', 'src', edge))) {
      for (const specifier of importsOf(file, texts[file])) {
        if (!specifier.startsWith('.')) continue;
        const target = path.resolve(path.dirname(file), specifier).replace(/\.(ts|js)$/, '');
        if ((target + path.sep).startsWith(core + path.sep) && target !== facade) offenders.push(`${path.relative(ROOT, file).split(path.sep).join('/')} imports '${specifier}'`);
      }
    }
  }
  return offenders;
}

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

const COLLECTIONS = new Set(['Map', 'Set', 'WeakMap', 'WeakSet']);
const MUTATORS = new Set(['set', 'add', 'delete', 'clear', 'push', 'pop', 'shift', 'unshift', 'splice']);

/**
 * Module-level state of a file, as `file: name`: a top-level `let` or `var`
 * (a counter, a lazily made value), and a top-level collection that is made
 * empty or that the module changes (set, add, delete, clear) — a cache.
 * A collection made full and never changed is a constant table.
 */
function moduleState(file: string, text = readFileSync(file, 'utf8')): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const where = path.relative(ROOT, file).split(path.sep).join('/');
  const found = new Set<string>();
  const collections = new Set<string>();
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    const isConst = (statement.declarationList.flags & ts.NodeFlags.Const) !== 0;
    for (const declaration of statement.declarationList.declarations) {
      if (!ts.isIdentifier(declaration.name)) continue;
      const name = declaration.name.text;
      if (!isConst) {
        found.add(`${where}: ${name}`);
        continue;
      }
      const init = declaration.initializer;
      if (init && ts.isNewExpression(init) && ts.isIdentifier(init.expression) && COLLECTIONS.has(init.expression.text)) {
        if (!init.arguments || init.arguments.length === 0) found.add(`${where}: ${name}`);
        else collections.add(name);
      }
      // An array is a table while nothing pushes to it, state once something does.
      if (init && ts.isArrayLiteralExpression(init)) collections.add(name);
    }
  }
  const visit = (node: ts.Node): void => {
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      ts.isIdentifier(node.expression.expression) &&
      collections.has(node.expression.expression.text) &&
      MUTATORS.has(node.expression.name.text)
    ) {
      found.add(`${where}: ${node.expression.expression.text}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return [...found].sort();
}

/** Files under server/src that import an LSP library, but for the edge: server/src/lsp, the node main, and the wire contract shared with the client. */
function lspImportsOutsideEdge(texts: Record<string, string> = {}): string[] {
  const src = path.join(ROOT, 'server', 'src');
  const allowed = (file: string) =>
    file.startsWith(path.join(src, 'lsp') + path.sep) || file === path.join(src, 'node', 'serverMain.ts') || file === path.join(src, 'protocol.ts');
  return sources(src)
    .filter((file) => !allowed(file))
    .filter((file) => importsOf(file, texts[file]).some((specifier) => specifier.startsWith('vscode-languageserver')))
    .map((file) => path.relative(ROOT, file).split(path.sep).join('/'));
}

/** The LSP kinds and formats core values are mapped to (the tables live in lsp/convert.ts). */
const LSP_MAPPING_TARGETS = ['CodeActionKind', 'CompletionItemKind', 'DiagnosticSeverity', 'DiagnosticTag', 'InsertTextFormat', 'MarkupKind', 'SymbolKind'];

/** Modules of server/src/lsp other than convert.ts that import an LSP kind core values are mapped to, as `file imports Kind`. */
function lspMappingOutsideConvert(texts: Record<string, string> = {}): string[] {
  const lsp = path.join(ROOT, 'server', 'src', 'lsp');
  const found: string[] = [];
  for (const file of sources(lsp)) {
    if (file === path.join(lsp, 'convert.ts')) continue;
    const text = texts[file] ?? readFileSync(file, 'utf8');
    for (const match of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*['"]vscode-languageserver[^'"]*['"]/g)) {
      for (const name of match[1].split(',').map((part) => part.trim().replace(/^type\s+/, '').split(/\s+as\s+/)[0])) {
        if (LSP_MAPPING_TARGETS.includes(name)) found.push(`${path.relative(ROOT, file).split(path.sep).join('/')} imports ${name}`);
      }
    }
  }
  return found;
}

/**
 * Import cycles among the modules under `dir` (each as its files, sorted and
 * joined), following every import and re-export, `import type` included: a
 * type-only loop leaves nothing half-initialised at run time, but it still
 * ties two modules together so that neither can be read or moved alone.
 */
function importCycles(dir: string, texts: Record<string, string> = {}): string[] {
  const files = sources(dir);
  const known = new Set(files);
  const resolve = (from: string, specifier: string): string | undefined => {
    if (!specifier.startsWith('.')) return undefined;
    const base = path.resolve(path.dirname(from), specifier);
    return [`${base}.ts`, path.join(base, 'index.ts')].find((candidate) => known.has(candidate));
  };
  const edges = new Map<string, string[]>();
  for (const file of files) {
    const text = texts[file] ?? readFileSync(file, 'utf8');
    const targets: string[] = [];
    for (const match of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]/g)) {
      const target = resolve(file, match[1]);
      if (target) targets.push(target);
    }
    edges.set(file, targets);
  }
  // Tarjan's strongly connected components: every component of more than one file is a cycle.
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[] = [];
  const connect = (file: string): void => {
    index.set(file, counter);
    low.set(file, counter);
    counter++;
    stack.push(file);
    onStack.add(file);
    for (const target of edges.get(file) ?? []) {
      if (!index.has(target)) {
        connect(target);
        low.set(file, Math.min(low.get(file)!, low.get(target)!));
      } else if (onStack.has(target)) low.set(file, Math.min(low.get(file)!, index.get(target)!));
    }
    if (low.get(file) !== index.get(file)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(path.relative(ROOT, member).split(path.sep).join('/'));
    } while (member !== file);
    if (component.length > 1) cycles.push(component.sort().join(' → '));
  };
  for (const file of files) if (!index.has(file)) connect(file);
  return cycles;
}
