import * as assert from 'node:assert/strict';
import { documentSymbols, workspaceSymbols, WORKSPACE_SYMBOL_LIMIT, type DocumentSymbol } from '../../../server/src/core/features/symbols';
import { uriOf, workspaceOf } from '../../harness';
import { textAt } from './cursor';

/** The outline as indented `kind name (detail)` lines. */
function outline(symbols: DocumentSymbol[], depth = 0): string[] {
  return symbols.flatMap((symbol) => [
    `${'  '.repeat(depth)}${symbol.kind} ${symbol.name}${symbol.detail ? ` (${symbol.detail})` : ''}`,
    ...outline(symbol.children, depth + 1),
  ]);
}

function everySymbol(symbols: DocumentSymbol[]): DocumentSymbol[] {
  return symbols.flatMap((symbol) => [symbol, ...everySymbol(symbol.children)]);
}

describe('symbols', () => {
  const workspace = workspaceOf();

  it('outlines a production: departments, people and milestones under the production', () => {
    assert.deepEqual(outline(documentSymbols(workspace, uriOf('test.production.yaml'))), [
      'production testprod (Test Production)',
      '  section departments',
      '    department fx (FX)',
      '    department comp (Compositing)',
      '  section people',
      '    person ben (Ben Ode, FX Supervisor)',
      '    person chloe (Chloe Park, Comp Supervisor)',
      '    person dana (Dana Wu, Producer)',
      '  section milestones',
      '    milestone picture-lock (Picture lock, 2027-02-05)',
    ]);
  });

  it('outlines a glossary by list', () => {
    assert.deepEqual(outline(documentSymbols(workspace, uriOf('test.glossary.yaml'))), [
      'section color spaces',
      '  color-space acescg (ACEScg)',
      '  color-space rec709 (Rec.709)',
      'section formats',
      '  format exr (.exr)',
      '  format prores4444 (.mov)',
      'section asset types',
      '  asset-type fx-element (FX element renders)',
      'section metadata',
      '  metadata shot (string)',
      'section naming tokens',
      '  naming-token layer ([a-z]+)',
    ]);
  });

  it('outlines a template with its checklist items, a runbook with its steps, handoffs and risks', () => {
    assert.deepEqual(outline(documentSymbols(workspace, uriOf('fx-elements.template.yaml'))), [
      'template fx-elements (fx-element · exr)',
      '  checklist-item frame-range (Frame range equals the cut list range)',
      '  checklist-item colorspace (Every file is tagged ACEScg)',
    ]);
    assert.deepEqual(outline(documentSymbols(workspace, uriOf('fx-delivery.runbook.yaml'))), [
      'runbook fx-delivery (Deliver FX elements to comp)',
      '  step render (Render the elements)',
      '  step qa (Run the QA checks)',
      '  step meta (Check the metadata)',
      '  step publish (Publish to the vault)',
    ]);
    assert.deepEqual(outline(documentSymbols(workspace, uriOf('sq010.handoff.yaml'))), [
      'handoff fx-sim-sq010 (FX sim caches for sq010, due 2027-01-08)',
      'handoff fx-to-comp-sq010 (FX elements for sq010, due 2027-01-22)',
    ]);
    assert.deepEqual(outline(documentSymbols(workspace, uriOf('test.risks.yaml'))), ['risk sim-convergence (Water sim may not converge)']);
  });

  it('selects the id, inside the span of the whole entry', () => {
    for (const file of ['test.production.yaml', 'test.glossary.yaml', 'fx-elements.template.yaml', 'fx-delivery.runbook.yaml', 'sq010.handoff.yaml', 'test.risks.yaml']) {
      const uri = uriOf(file);
      const symbols = documentSymbols(workspace, uri);
      const check = (list: DocumentSymbol[], parent?: DocumentSymbol) => {
        for (const symbol of list) {
          assert.ok(symbol.span.start <= symbol.selectionSpan.start && symbol.selectionSpan.end <= symbol.span.end, `${file}: ${symbol.name}`);
          if (parent) assert.ok(parent.span.start <= symbol.span.start && symbol.span.end <= parent.span.end, `${file}: ${symbol.name} in ${parent.name}`);
          check(symbol.children, symbol);
        }
      };
      check(symbols);
      for (const symbol of everySymbol(symbols)) {
        if (symbol.kind !== 'section') assert.equal(textAt(workspace, uri, symbol.selectionSpan), symbol.name);
      }
    }
    const handoff = documentSymbols(workspace, uriOf('sq010.handoff.yaml'))[0];
    assert.match(textAt(workspace, uriOf('sq010.handoff.yaml'), handoff.span), /^id: fx-sim-sq010\n[\s\S]*by: chloe \}$/);
  });

  it('finds definitions anywhere by a subsequence of their id, best matches first', () => {
    const found = workspaceSymbols(workspace, 'fxcomp');
    assert.deepEqual(found.map((s) => [s.name, s.kind, s.containerName]), [['fx-to-comp-sq010', 'handoff', 'sq010.handoff.yaml']]);
    assert.equal(textAt(workspace, found[0].location.uri, found[0].location.span), 'fx-to-comp-sq010');
    assert.deepEqual(workspaceSymbols(workspace, 'FRAME').map((s) => [s.name, s.containerName]), [['frame-range', 'fx-elements']]);
    assert.deepEqual(workspaceSymbols(workspace, 'fx').map((s) => s.name).slice(0, 5), ['fx', 'fx-delivery', 'fx-element', 'fx-elements', 'fx-sim-sq010']);
    assert.deepEqual(workspaceSymbols(workspace, 'zzz'), []);
  });

  it('stops at the result limit', () => {
    const lines = ['handoffs:'];
    for (let i = 0; i < WORKSPACE_SYMBOL_LIMIT + 100; i++) lines.push(`  - { id: shot-${i}, from: fx, to: comp, due: 2027-01-22 }`);
    const big = workspaceOf({ 'big.handoff.yaml': `${lines.join('\n')}\n` });
    assert.equal(workspaceSymbols(big, 'shot').length, WORKSPACE_SYMBOL_LIMIT);
    assert.equal(workspaceSymbols(big, '').length, WORKSPACE_SYMBOL_LIMIT);
  });
});
