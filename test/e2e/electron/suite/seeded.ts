// The one error seeded into the copy of examples/nightfall the suite opens.
export const SEEDED = {
  file: 'handoffs/3-shots.handoff.yaml',
  /** The first handoff's `from:`. */
  find: '    from: fx\n',
  replace: '    from: fxx\n',
  rule: 'unknown-reference',
} as const;
