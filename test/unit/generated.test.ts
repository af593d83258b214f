// The benchmark generator's workspaces are realistic and clean: the whole
// core runs over a thousand handoffs in a 40-level DAG without a finding.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { generateWorkspace } from '../../bench/generate';
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
