// A handoff's depends_on entries, as the rules that place findings on them
// (incompatible-handoff, dependency-cycle) read them: searched in place in a
// file of few references, looked up in a map kept with a large file's version.
import * as assert from 'node:assert/strict';
import { dependsOnEntries } from '../../../server/src/core/fileIndex';
import { buildFileModel } from '../../../server/src/core/fileModel';
import { parseSpecText } from '../../../server/src/core/parse';
import { LineIndex } from '../../../server/src/core/text';

function handoffFile(count: number): string {
  const lines = ['handoffs:'];
  for (let k = 0; k < count; k++) {
    lines.push(`  - id: h${k}`, '    from: comp', '    to: color', '    due: 2027-02-01');
    if (k > 0) lines.push(`    depends_on: [h${k - 1}, x${k}]`);
  }
  return `${lines.join('\n')}\n`;
}

describe("a handoff's depends_on entries", () => {
  for (const count of [12, 400]) {
    it(`in a file of ${count} handoffs: each handoff's own, in order, at their line:column`, () => {
      const text = handoffFile(count);
      const file = buildFileModel(parseSpecText('file:///p/f.handoff.yaml', text, 0, 'handoff'));
      // from, to and two depends_on entries a handoff: 12 handoffs make 46 references (searched in place), 400 make 1,598 (the kept map).
      assert.equal(file.references.length, count * 2 + (count - 1) * 2);
      const lines = new LineIndex(text);
      const at = (offset: number) => {
        const { line, character } = lines.positionAt(offset);
        return `${line + 1}:${character + 1}`;
      };
      // h10 is handoffs.10: its entries only, not those of handoffs.1 (whose key is a prefix of it), nor of h11.
      const tenth = dependsOnEntries(file, ['handoffs', 10]).map((entry) => `${entry.id}@${at(entry.span.start)}`);
      // Line 1 is 'handoffs:', h0 takes lines 2-5, each later handoff five lines from line 6 with depends_on last:
      // h10's is line 10 + 5 * 9 = 55; '    depends_on: [' is 17 characters, so h9 is at column 18 and x10 four further.
      assert.equal(text.split('\n')[54], '    depends_on: [h9, x10]');
      assert.deepEqual(tenth, ['h9@55:18', 'x10@55:22']);
      assert.deepEqual(dependsOnEntries(file, ['handoffs', 1]).map((entry) => entry.id), ['h0', 'x1']);
      assert.deepEqual(dependsOnEntries(file, ['handoffs', 0]), []);
      assert.deepEqual(dependsOnEntries(file, ['handoffs', count]), []);
    });
  }
});
