// Property-based tests over chains and shot-list imports: random edits to a
// chain file and its breakdown, and random CSV and OTIO texts, never make the
// core throw, every diagnostic lies inside its document, and the editor
// features on chain steps answer without throwing.
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { codeLenses } from '../../server/src/core/features/codeLenses';
import { complete } from '../../server/src/core/features/completion';
import { hover } from '../../server/src/core/features/hover';
import { definition, prepareRename } from '../../server/src/core/features/navigation';
import { scheduleView } from '../../server/src/core/features/scheduleView';
import { readCsv, unitsFromCsv, unitsFromCsvRead, unitsFromOtio } from '../../server/src/core/model/units';
import type { Span } from '../../server/src/core/types';
import { Workspace } from '../../server/src/core/workspace';
import { fixtureFiles } from '../harness';
import { applyEdit, fuzzParameters, fuzzRuns, textEdit, throwIfFailed, type TextEdit } from './edits';

const CHAINS = fixtureFiles('chains');
const CSV_NAME = 'editorial/shots.csv';
const uriOf = (name: string): string => `file:///fuzz/${name}`;
const EDITABLE = ['shots.handoff.yaml', 'show.breakdown.yaml'];

function inside(span: Span, text: string): boolean {
  return Number.isInteger(span.start) && Number.isInteger(span.end) && span.start >= 0 && span.start <= span.end && span.end <= text.length;
}

/** Cells that mean something to a CSV parser or to the import: quotes, commas, line ends, ids, frames. */
const cell = fc.oneof(
  fc.constantFrom('', ' ', '"', '""', ',', '\r\n', '\n', 'ep101', 'ep101_0020', 'ep999', 'northlight', '1001', '1050', '-5', '1e3', 'abc', '\ufeff', '😀'),
  fc.string({ maxLength: 12 }),
);
const csvText: fc.Arbitrary<string> = fc.oneof(
  // Well-formed rows under the fixture's header, with odd cells.
  fc.array(fc.array(cell, { minLength: 0, maxLength: 6 }), { maxLength: 8 }).map((rows) =>
    ['Shot,In,Out,Vendor,Note', ...rows.map((row) => row.map((value) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value)).join(','))].join('\r\n'),
  ),
  // Raw text: unbalanced quotes, stray line ends, anything.
  fc.tuple(fc.array(cell, { maxLength: 30 }), fc.constantFrom(',', '\n', '"')).map(([cells, separator]) => cells.join(separator)),
);

const otioText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)),
  fc
    .array(
      fc.record({
        OTIO_SCHEMA: fc.constantFrom('Clip.2', 'Gap.1', 'Stack.1', 'Track.1', 'Transition.1', 'Bogus.1'),
        name: fc.oneof(fc.constantFrom('ZZ100_501 (LAY3)', '', ' ', 'ep101_0010'), fc.string({ maxLength: 10 })),
        enabled: fc.boolean(),
        source_range: fc.oneof(
          fc.constant(undefined),
          fc.record({ start_time: fc.record({ value: fc.double(), rate: fc.double() }), duration: fc.record({ value: fc.double(), rate: fc.double() }) }),
        ),
      }),
      { maxLength: 6 },
    )
    .map((clips) => JSON.stringify({ OTIO_SCHEMA: 'Timeline.1', tracks: { OTIO_SCHEMA: 'Stack.1', children: [{ OTIO_SCHEMA: 'Track.1', kind: 'Video', children: clips }] } })),
);

type Step = { op: 'edit'; file: number; edit: TextEdit } | { op: 'csv'; text: string };
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('edit' as const), file: fc.nat(), edit: textEdit }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('csv' as const), text: csvText }) },
);

describe('fuzz: chains and shot-list imports', function () {
  this.timeout(600_000);

  it('reads any CSV or OTIO text into units and problems, never throwing', () => {
    const columns = { id: 'Shot', frames_in: 'In', frames_out: 'Out', vendor: 'Vendor' };
    throwIfFailed(
      fc.check(
        fc.property(csvText, otioText, (csv, otio) => {
          const fromCsv = unitsFromCsv(csv, columns, 'shots.csv');
          for (const unit of fromCsv.units) {
            assert.ok(unit.id.length > 0, 'a unit without an id');
            if (unit.frames) assert.ok(unit.frames.first <= unit.frames.last, `reversed frames kept: ${JSON.stringify(unit.frames)}`);
          }
          const fromOtio = unitsFromOtio(otio, 'cut.otio');
          for (const unit of fromOtio.units) assert.ok(unit.frames && unit.frames.first <= unit.frames.last, `clip without usable frames kept: ${unit.id}`);
        }),
        fuzzParameters(fuzzRuns(200, 5_000)),
      ),
    );
  });

  it('reads a changed CSV by row difference exactly as it reads it whole', () => {
    const columns = { id: 'Shot', frames_in: 'In', frames_out: 'Out', vendor: 'Vendor' };
    // Lines that mean something to the difference: quoted commas, a quote opened or closed, blank, stray '\r', a BOM.
    const line = fc.oneof(
      fc.constantFrom('ep101_0020,1001,1050,northlight,', 'ep101_0030,1050,1001,other,"a, b"', '"ep101_0040",1001,1010,"north""light",', '', '   ', 'x,"open', 'close",1', '"', 'a,b\r', '\ufeffep1,1,2', 'Shot,In,Out,Vendor,Note'),
      fc.array(cell, { maxLength: 5 }).map((cells) => cells.join(',')),
    );
    const change = fc.record({ at: fc.nat(), remove: fc.nat({ max: 3 }), insert: fc.array(line, { maxLength: 3 }) });
    throwIfFailed(
      fc.check(
        fc.property(fc.array(line, { maxLength: 12 }), fc.array(change, { minLength: 1, maxLength: 6 }), fc.boolean(), fc.boolean(), (start, changes, crlf, bom) => {
          const textOf = (lines: string[]) => `${bom ? '\ufeff' : ''}${['Shot,In,Out,Vendor,Note', ...lines].join(crlf ? '\r\n' : '\n')}${crlf ? '\r\n' : '\n'}`;
          let lines = start;
          let read = readCsv(textOf(lines));
          for (const { at, remove, insert } of changes) {
            lines = [...lines];
            lines.splice(at % (lines.length + 1), remove, ...insert);
            const text = textOf(lines);
            read = readCsv(text, read);
            const whole = readCsv(text);
            assert.deepEqual({ rows: read.rows, error: read.error }, { rows: whole.rows, error: whole.error }, JSON.stringify(text));
            assert.deepEqual(unitsFromCsvRead(read, columns, 'shots.csv'), unitsFromCsv(text, columns, 'shots.csv'));
          }
        }),
        fuzzParameters(fuzzRuns(300, 5_000)),
      ),
    );
  });

  it('keeps the production analysable through random edits of the chain, the breakdown and the CSV', () => {
    throwIfFailed(
      fc.check(
        fc.property(fc.array(step, { minLength: 1, maxLength: 8 }), fc.nat(), (steps, probe) => {
          const texts: Record<string, string> = { ...CHAINS };
          const workspace = new Workspace();
          for (const [name, text] of Object.entries(texts)) if (!name.endsWith('.csv')) workspace.setFile(uriOf(name), text, 1);
          workspace.setImport(uriOf(CSV_NAME), { text: texts[CSV_NAME] });
          let version = 2;
          for (const current of steps) {
            if (current.op === 'csv') {
              workspace.setImport(uriOf(CSV_NAME), { text: current.text });
              continue;
            }
            const name = EDITABLE[current.file % EDITABLE.length];
            texts[name] = applyEdit(texts[name], current.edit);
            workspace.setFile(uriOf(name), texts[name], version++);
          }
          const all = workspace.diagnostics({ today: '2027-01-15' });
          for (const [uri, diagnostics] of all) {
            const file = workspace.file(uri);
            assert.ok(file, `diagnostics for ${uri}, which the workspace does not hold`);
            for (const d of diagnostics) {
              assert.ok(inside(d.span, file.parsed.text), `${d.rule} outside ${uri}: ${d.message}`);
              for (const related of d.related ?? []) {
                const target = workspace.file(related.location.uri);
                if (target) assert.ok(inside(related.location.span, target.parsed.text), `${d.rule}: related location outside ${related.location.uri}`);
              }
            }
          }
          // The editor features on the chain file answer at any offset.
          const chainUri = uriOf('shots.handoff.yaml');
          const offset = probe % (texts['shots.handoff.yaml'].length + 1);
          hover(workspace, chainUri, offset);
          complete(workspace, chainUri, offset);
          definition(workspace, chainUri, offset);
          prepareRename(workspace, chainUri, offset);
          codeLenses(workspace, chainUri);
          const production = workspace.productionOf(chainUri);
          if (production) scheduleView(production, '2027-01-15');
        }),
        fuzzParameters(fuzzRuns(40, 2_000)),
      ),
    );
  });
});
