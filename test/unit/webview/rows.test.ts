import * as assert from 'node:assert/strict';
import { packRows, type Span } from '../../../client/src/webview/rows';

/** The first-fit scan the timeline used to run: every row looked at for every span. */
function scanRows(spans: readonly Span[]): { rows: number[]; count: number } {
  const ends: number[] = [];
  const rows = spans.map((span) => {
    let row = ends.findIndex((end) => end <= span.left);
    if (row < 0) row = ends.length;
    ends[row] = span.right;
    return row;
  });
  return { rows, count: ends.length };
}

describe('timeline rows', () => {
  it('puts each bar in the lowest row free at its start', () => {
    // a [0,50) row 0; b [10,30) overlaps a: row 1; c [30,60) starts where b ends: row 1 (row 0 busy to 50);
    // d [50,70) starts where a ends: row 0, the lowest free; e [55,90): rows 0 and 1 busy (70, 60), row 2.
    const spans = [
      { left: 0, right: 50 },
      { left: 10, right: 30 },
      { left: 30, right: 60 },
      { left: 50, right: 70 },
      { left: 55, right: 90 },
    ];
    assert.deepEqual(packRows(spans), { rows: [0, 1, 1, 0, 2], count: 3 });
    // A near miss: c one pixel earlier overlaps b too and needs a new row.
    assert.deepEqual(packRows([spans[0], spans[1], { left: 29, right: 60 }]), { rows: [0, 1, 2], count: 3 });
  });

  it('takes a freed lower row before a higher one freed earlier', () => {
    // Rows 0, 1, 2 busy to 40, 20, 30; at 45 all three are free and the span takes row 0, the next one row 1.
    const spans = [
      { left: 0, right: 40 },
      { left: 1, right: 20 },
      { left: 2, right: 30 },
      { left: 45, right: 60 },
      { left: 46, right: 60 },
    ];
    assert.deepEqual(packRows(spans).rows, [0, 1, 2, 0, 1]);
  });

  it('gives the rows of the scan on thousands of bars', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const spans: Span[] = [];
    let left = 0;
    for (let i = 0; i < 5000; i++) {
      left += Math.floor(random() * 8);
      spans.push({ left, right: left + 5 + Math.floor(random() * 400) });
    }
    const packed = packRows(spans);
    assert.ok(packed.count > 50, `the bars need many rows (${packed.count})`);
    assert.deepEqual(packed, scanRows(spans));
  });
});
