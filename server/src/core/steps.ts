// Work cut into steps: a generator that yields between slices, so that a host
// can run it a slice at a time while idle (the warm-up) or all at once.

/** Runs every remaining step of `steps` now. */
export function drain(steps: Iterator<unknown>): void {
  while (!steps.next().done);
}
