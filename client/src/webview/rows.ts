// Packing the timeline's bars into rows: first fit, in n log n.

/** A horizontal span to place in a row: from its left end to the first pixel the next span in its row may use. */
export interface Span {
  left: number;
  right: number;
}

/**
 * The row of each span, spans taken in order (sorted by left end): the lowest
 * row whose last span ends at or before this one's left end, else a new row.
 *
 * As left ends only grow, a row once free stays free until a span takes it:
 * busy rows wait in a heap by the end of their last span, free rows in a heap
 * by index. The same rows as scanning every row for every span, without the
 * rows × spans of the scan (a lane of 5,000 bars has hundreds of rows).
 */
export function packRows(spans: readonly Span[]): { rows: number[]; count: number } {
  const ends: number[] = [];
  const busy = new MinHeap((row) => ends[row]);
  const free = new MinHeap((row) => row);
  const rows: number[] = [];
  for (const span of spans) {
    while (busy.size > 0 && ends[busy.peek()] <= span.left) free.push(busy.pop());
    const row = free.size > 0 ? free.pop() : ends.length;
    ends[row] = span.right;
    busy.push(row);
    rows.push(row);
  }
  return { rows, count: ends.length };
}

/** A binary min-heap of row numbers ordered by a key (ties: the lower row). */
class MinHeap {
  private readonly items: number[] = [];

  constructor(private readonly key: (item: number) => number) {}

  get size(): number {
    return this.items.length;
  }

  peek(): number {
    return this.items[0];
  }

  push(item: number): void {
    const items = this.items;
    let at = items.length;
    items.push(item);
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!this.before(item, items[parent])) break;
      items[at] = items[parent];
      at = parent;
    }
    items[at] = item;
  }

  pop(): number {
    const items = this.items;
    const top = items[0];
    const last = items.pop()!;
    if (items.length > 0) {
      let at = 0;
      for (;;) {
        const left = 2 * at + 1;
        if (left >= items.length) break;
        const right = left + 1;
        const child = right < items.length && this.before(items[right], items[left]) ? right : left;
        if (!this.before(items[child], last)) break;
        items[at] = items[child];
        at = child;
      }
      items[at] = last;
    }
    return top;
  }

  private before(a: number, b: number): boolean {
    const ka = this.key(a);
    const kb = this.key(b);
    return ka < kb || (ka === kb && a < b);
  }
}
