// The language of vague-criterion, as data: what makes a done_when or
// checklist line an opinion rather than a check. Documented in
// docs/rules/vague-criterion.md ("The phrase list"); edit both together.
//
// - `phrases`: matched as whole words, any case; words may be separated by
//   any white space or a hyphen ("high-quality").
// - `forms`: regular expressions (JavaScript syntax, matched with the flags
//   `iu`) for opinions that take many wordings; `^…$` forms must be the
//   whole line (trailing punctuation aside).

export interface VagueForm {
  /** A regular expression source. */
  pattern: string;
  /** What kind of vagueness it catches, for the docs and the tests. */
  why: string;
}

export const VAGUE_LANGUAGE: { readonly phrases: readonly string[]; readonly forms: readonly VagueForm[] } = {
  phrases: [
    // Deferring the decision
    'as needed', 'as required', 'as necessary', 'as appropriate', 'if needed', 'if possible', 'where possible',
    'when ready', 'when done', 'when possible', 'when available', 'as soon as possible', 'asap', 'in due course',
    'tbd', 'tbc', 'to be decided', 'to be confirmed', 'etc.', 'etc', 'and so on', 'as discussed', 'as agreed', 'best effort',
    // Taste and judgement
    'nice', 'properly', 'to taste', 'approved by eye', 'reasonable', 'should be fine', 'good enough',
    'high quality', 'good quality', 'acceptable quality', 'looks good', 'look good', 'looks fine', 'look fine',
    'no issues', 'no problems', 'no notes', 'no complaints', 'all good', 'nothing wrong', 'happy with',
    'polished', 'seamless', 'pleasing', 'convincing', 'believable', 'cinematic', 'punchy',
  ],
  forms: [
    {
      pattern: '(?<![\\p{L}\\p{N}_])(?:looks?|feels?|sounds?|reads?|plays?|seems?)\\s+(?:really\\s+|very\\s+|just\\s+)?(?:good|great|fine|right|ok|okay|nice|better|amazing|perfect|correct|awesome|cool|solid)(?![\\p{L}\\p{N}_])',
      why: 'an opinion about look and feel ("looks great", "feels right to the director")',
    },
    {
      pattern: '(?<![\\p{L}\\p{N}_])(?:client|director|supervisor|producer|showrunner|studio|everyone|everybody|team|vfx sup)s?\\s+(?:is\\s+|are\\s+|must be\\s+|should be\\s+)?(?:happy|satisfied|pleased|likes it|loves it|signs? off)(?![\\p{L}\\p{N}_])',
      why: 'somebody being happy, with no check they made',
    },
    {
      pattern: '^\\s*(?:approved|signed[\\s-]+off|accepted|ok|okay|done|complete|completed|finished|final|good to go|ready|verified|checked)\\s*[.!]*\\s*$',
      why: 'an approval or a state with no approver and no check ("Approved", "Done")',
    },
    {
      pattern: '(?<![\\p{L}\\p{N}_])(?:approved|signed[\\s-]+off)(?!\\s+(?:by|in|at|on)\\b)(?![\\p{L}\\p{N}_])',
      why: 'an approval that names no approver or session',
    },
  ],
};
