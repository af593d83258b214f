// The workspace's diagnostics map is updated in place after an edit, for the
// files whose diagnostics changed only. Each test checks the live map
// against a fresh workspace of the same texts, and that what an edit did not
// touch keeps its arrays.
import * as assert from 'node:assert/strict';
import type { AnalysisOptions } from '../../server/src/core/analysis';
import { DEFAULT_TODAY, fixtureFiles, resultsOf, uriOf, where, workspaceOf } from '../harness';

const OPTIONS: AnalysisOptions = { today: DEFAULT_TODAY };
const BASE = fixtureFiles();

// A second definition of fx-sim-sq010 (sq010.handoff.yaml defines it on its line 2): the one later by file name is reported.
const VENDOR = BASE['sq010.handoff.yaml'].split('\n  - id: fx-to-comp-sq010')[0] + '\n';

/** The diagnostics of the live map as `rule file:line:col`, sorted. */
function live(workspace: ReturnType<typeof workspaceOf>, map: ReadonlyMap<string, readonly { rule: string; span: { start: number } }[]>): string[] {
  const found: string[] = [];
  for (const [uri, list] of map) {
    const lines = workspace.file(uri)!.parsed.lines;
    for (const d of list) {
      const at = lines.positionAt(d.span.start);
      found.push(`${d.rule} ${uri.replace('file:///fixture/', '')}:${at.line + 1}:${at.character + 1}`);
    }
  }
  return found.sort();
}

function fresh(texts: Record<string, string>, options = OPTIONS): string[] {
  const workspace = workspaceOf(texts, null);
  return live(workspace, workspace.diagnostics(options));
}

describe('the diagnostics map follows edits in place', () => {
  it('clears a finding about a file that was not edited when the other file of a duplicate is', () => {
    const texts = { ...BASE, 'vendor.handoff.yaml': VENDOR };
    const workspace = workspaceOf(texts, null);
    const map = workspace.diagnostics(OPTIONS);
    // The later definition (by file name) is reported, at its id: line 2, column 9.
    assert.deepEqual(where(resultsOf(workspace), 'duplicate-id'), ['vendor.handoff.yaml:2:9']);
    const template = map.get(uriOf('fx-elements.template.yaml'));
    // sq010's handoff gets another id: the vendor's finding goes although the vendor's file was not edited.
    const renamed = { ...texts, 'sq010.handoff.yaml': BASE['sq010.handoff.yaml'].replace('  - id: fx-sim-sq010\n', '  - id: fx-sim-sq010-house\n') };
    workspace.setFile(uriOf('sq010.handoff.yaml'), renamed['sq010.handoff.yaml'], 2);
    const after = workspace.diagnostics(OPTIONS);
    assert.equal(after, map, 'the same map, updated');
    assert.deepEqual(live(workspace, after).filter((d) => d.startsWith('duplicate-id')), []);
    assert.deepEqual(live(workspace, after), fresh(renamed));
    // Near miss: a file neither edit concerns keeps its array.
    assert.equal(after.get(uriOf('fx-elements.template.yaml')), template);
    // And back: the finding returns.
    workspace.setFile(uriOf('sq010.handoff.yaml'), BASE['sq010.handoff.yaml'], 3);
    assert.deepEqual(live(workspace, workspace.diagnostics(OPTIONS)).filter((d) => d.startsWith('duplicate-id')), ['duplicate-id vendor.handoff.yaml:2:9']);
  });

  it('takes in a new file and drops a removed one, in the order a fresh workspace gives', () => {
    const workspace = workspaceOf(BASE, null);
    const map = workspace.diagnostics(OPTIONS);
    workspace.setFile(uriOf('a-vendor.handoff.yaml'), VENDOR, 2);
    workspace.diagnostics(OPTIONS);
    const texts = { ...BASE, 'a-vendor.handoff.yaml': VENDOR };
    const scratch = workspaceOf(texts, null);
    assert.deepEqual([...map.keys()], [...scratch.diagnostics(OPTIONS).keys()]);
    assert.deepEqual(live(workspace, map), fresh(texts));
    // The new file comes first by name: sq010's definition, not edited, is now the one reported.
    assert.deepEqual(live(workspace, map).filter((d) => d.startsWith('duplicate-id')), ['duplicate-id sq010.handoff.yaml:2:9']);
    workspace.removeFile(uriOf('a-vendor.handoff.yaml'));
    workspace.diagnostics(OPTIONS);
    assert.equal(map.has(uriOf('a-vendor.handoff.yaml')), false);
    assert.deepEqual(live(workspace, map), fresh(BASE));
  });

  it('finds everything again when the options change', () => {
    const texts = { ...BASE, 'vendor.handoff.yaml': VENDOR };
    const workspace = workspaceOf(texts, null);
    workspace.diagnostics(OPTIONS);
    const off: AnalysisOptions = { ...OPTIONS, severityOverrides: { 'duplicate-id': 'off' } };
    const map = workspace.diagnostics(off);
    assert.deepEqual(live(workspace, map), fresh(texts, off));
    assert.ok(!live(workspace, map).some((d) => d.startsWith('duplicate-id')));
    // Near miss: back to the defaults, the findings are there again.
    assert.ok(live(workspace, workspace.diagnostics(OPTIONS)).includes('duplicate-id vendor.handoff.yaml:2:9'));
  });
});
