// Generated things. The benchmark generator's workspaces are realistic and clean: the whole
// core runs over a thousand handoffs in a 40-level DAG without a finding.
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { generateWorkspace } from '../../bench/generate';
import { deriveCatalogue, rulesWithoutDocs } from '../../scripts/catalogue';
import { VALIDATORS_MODULE, readKindSchemas, validatorsModule } from '../../scripts/validators';
import { RULES } from '../../server/src/core/rules';
import type { Rule } from '../../server/src/core/rules/rule';
import { Workspace } from '../../server/src/core/workspace';
import { findSpecFiles, uriOfPath } from '../../server/src/node/files';

describe('generated workspace', () => {
  let folder: string;
  before(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'handoff-generated-'));
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  it('is deterministic, clean, and 40 levels deep', () => {
    const first = generateWorkspace(path.join(folder, 'a'), 1000);
    const second = generateWorkspace(path.join(folder, 'b'), 1000);
    assert.equal(first.files, 200 + 1 + 1 + 24 + 24 + 1);
    assert.equal(first.bytes, second.bytes);
    const pick = 'handoffs/f00123.handoff.yaml';
    assert.equal(readFileSync(path.join(folder, 'a', pick), 'utf8'), readFileSync(path.join(folder, 'b', pick), 'utf8'));

    const workspace = new Workspace();
    for (const file of findSpecFiles(path.join(folder, 'a')).files) workspace.setFile(uriOfPath(file), readFileSync(file, 'utf8'));
    const findings = [...workspace.diagnostics({ today: '2027-01-15' }).values()].flat();
    assert.deepEqual(findings.map((d) => `${d.rule}: ${d.message}`), []);
    const [production] = workspace.productions();
    assert.equal(production.handoffs.length, 1000);
    assert.equal(production.schedule.criticalPath.length, 40);
  });
});

// The rule catalogue's derived copies (the schema's rules block, the
// handoff.rules settings, the docs index) are current, and every rule has its
// page. `npm run build` rewrites the copies; this fails until they are committed.
describe('generated rule catalogue', () => {
  const root = path.join(__dirname, '..', '..', '..');
  const read = (file: string): string => readFileSync(path.join(root, file), 'utf8');

  it('the derived files are what the build writes from the rule files', () => {
    const stale = deriveCatalogue(read)
      .filter((derived) => read(derived.path) !== derived.text)
      .map((derived) => `${derived.path} is stale: run npm run build and commit it`);
    assert.deepEqual(stale, []);
  });

  it('every rule has its page in docs/rules/', () => {
    assert.deepEqual(rulesWithoutDocs((file) => existsSync(path.join(root, file))), []);
  });

  it('every rule has a one-sentence summary the derived files can show', () => {
    for (const rule of RULES) assert.match(rule.summary, /^[A-Z][^\n]*\.$/, `${rule.id}: summary`);
    assert.equal(new Set(RULES.map((rule) => rule.id)).size, RULES.length, 'rule ids are unique');
  });

  it('lists the rules in the order of the catalogue table of the design', () => {
    // The catalogue table of the design (section 3), top to bottom; the
    // schema, the settings and the docs index follow the registry's order.
    const designOrder = [
      'yaml-syntax', 'schema', 'duplicate-id', 'unknown-reference', 'dependency-cycle', 'schedule-conflict',
      'milestone-overrun', 'date-order', 'non-working-day', 'format-not-allowed', 'naming-invalid',
      'incompatible-handoff', 'missing-owner', 'missing-contingency', 'vague-criterion', 'missing-done-when',
      'stale-risk', 'history-invalid', 'unused-definition', 'wrong-approver', 'future-date', 'history-order',
      'contact-department', 'risk-incomplete', 'risk-on-closed-handoff', 'milestone-scope', 'chain-invalid',
      'open-action', 'ocio-unknown',
    ];
    const ids = RULES.map((rule) => rule.id);
    assert.deepEqual(ids.filter((id) => designOrder.includes(id)), designOrder);
    // A rule the table does not name sits right after its kin.
    assert.equal(ids.indexOf('ocio-duplicate'), ids.indexOf('ocio-unknown') + 1);
    const table = read('docs/rules/README.md').match(/^\| \[([a-z-]+)\]/gm)!.map((row) => row.slice(3, -1));
    assert.deepEqual(table, ids);
  });

  it('notices a rule added without its derived copies or its page', () => {
    // The checks above must be able to fail: a catalogue with one more rule
    // differs from every file on disk and lacks a page.
    const planted: Rule = { id: 'planted-rule', defaultSeverity: 'warning', summary: 'A rule nobody documented.', check: () => undefined };
    const rules = [...RULES, planted];
    assert.deepEqual(
      deriveCatalogue(read, rules).filter((derived) => read(derived.path) === derived.text).map((derived) => derived.path),
      [],
    );
    assert.deepEqual(rulesWithoutDocs((file) => existsSync(path.join(root, file)), rules), ['planted-rule']);
    const settings = JSON.parse(deriveCatalogue(read, rules).find((derived) => derived.path === 'package.json')!.text);
    assert.ok(settings.contributes.configuration.properties['handoff.rules'].properties['planted-rule']);
    assert.match(deriveCatalogue(read, rules).find((derived) => derived.path === 'docs/rules/README.md')!.text, /\| \[planted-rule\]\(planted-rule\.md\) \| warning \| A rule nobody documented\. \|/);
  });
});

// The schema validators are compiled at build time into
// server/src/core/generated/validators.ts (not committed): the core loads
// them as code and compiles nothing. A schema edited without a build would
// leave them validating the old language.
describe('generated schema validators', () => {
  const root = path.join(__dirname, '..', '..', '..');

  it('are what the build writes from the schemas', () => {
    const written = readFileSync(path.join(root, VALIDATORS_MODULE), 'utf8');
    assert.ok(written === validatorsModule(readKindSchemas(root)), `${VALIDATORS_MODULE} is stale: run npm run build`);
  });

  it('notices a schema edited after the build', () => {
    const written = readFileSync(path.join(root, VALIDATORS_MODULE), 'utf8');
    const schemas = readKindSchemas(root);
    const handoff = schemas.handoff as { properties: Record<string, unknown> };
    const edited = { ...schemas, handoff: { ...handoff, properties: { ...handoff.properties, notes: { type: 'string' } } } };
    assert.notEqual(validatorsModule(edited), written);
  });
});
