// Derived values kept with what they are derived from. The workspace owns
// the file models (one per file version) and the production models (one per
// revision); each carries a Memo, and whatever the analysis works out about
// a file version or a revision is kept there under a MemoKey. A new version
// is a new model with an empty memo, so nothing is ever stale and nothing
// outlives what it describes: the core keeps no cache of its own.

/** The name of one derived value, and its type. Keys are constants; values live in the memos. */
export class MemoKey<T> {
  /** Only there to carry T (a key's type says what it stores). */
  declare private readonly type: T;

  constructor(readonly name: string) {}
}

export class Memo {
  private readonly values = new Map<MemoKey<unknown>, unknown>();

  /** The value kept under `key`, made by `make` the first time it is asked for. */
  get<T>(key: MemoKey<T>, make: () => T): T {
    // One lookup when the value is there (most calls); `has` only tells a kept undefined from none.
    const kept = this.values.get(key);
    if (kept !== undefined || this.values.has(key)) return kept as T;
    const value = make();
    this.values.set(key, value);
    return value;
  }

  /** The value kept under `key`, if any. */
  peek<T>(key: MemoKey<T>): T | undefined {
    return this.values.get(key) as T | undefined;
  }

  set<T>(key: MemoKey<T>, value: T): void {
    this.values.set(key, value);
  }

  delete(key: MemoKey<unknown>): void {
    this.values.delete(key);
  }
}

/** Numbers that are never handed out twice by one owner (the workspace numbers its production revisions with one). */
export class Sequence {
  private last = 0;

  next(): number {
    return ++this.last;
  }
}
