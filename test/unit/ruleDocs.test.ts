// Every rule's page runs through the checker. The "Fixed" block of a page's
// example is a verbatim excerpt of a file of an example production, which
// checks clean; planting the "Reported" block in its place must make the rule
// report, on a line of the planted text. The convention is written at the top
// of docs/rules/README.md.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadFolder } from '../../server/src/cli/load';
import { RULES } from '../../server/src/core/rules';
import type { Workspace } from '../../server/src/core/workspace';
import { uriOfPath } from '../../server/src/node/files';

const ROOT = path.join(__dirname, '..', '..', '..');
const DOCS = path.join(ROOT, 'docs', 'rules');
/** Paths in the pages are relative to this example; `../saltmarsh/...` names the other one. */
const BASE_EXAMPLE = path.join(ROOT, 'examples', 'nightfall');
const DEFAULT_TODAY = '2027-01-15';

interface Block {
  kind: 'Reported' | 'Fixed';
  /** Relative to BASE_EXAMPLE, as written in the page; a Fixed without one takes its Reported's. */
  file?: string;
  text: string;
}

export interface DocExample {
  today: string;
  pairs: { file: string; reported: string; fixed: string }[];
}

/** The example of a page: its Reported/Fixed blocks, paired in order, and the day it is checked on. */
export function docExample(page: string, markdown: string): DocExample {
  const section = /^## Example\n([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(markdown);
  if (!section) throw new Error(`${page}: no "## Example" section`);
  const body = section[1];
  const today = /<!--\s*today:\s*(\d{4}-\d{2}-\d{2})\s*-->/.exec(body)?.[1] ?? DEFAULT_TODAY;
  const blocks: Block[] = [];
  const heading = /^(Reported|Fixed)\b([^\n]*(?:\n(?!\n)[^\n]*)*)\n\n```yaml\n([\s\S]*?)```/gm;
  for (let match = heading.exec(body); match; match = heading.exec(body)) {
    const file = /^\s*\(`([^`]+)`/.exec(match[2])?.[1];
    blocks.push({ kind: match[1] as Block['kind'], file, text: match[3] });
  }
  const reported = blocks.filter((b) => b.kind === 'Reported');
  const fixed = blocks.filter((b) => b.kind === 'Fixed');
  if (reported.length === 0 || reported.length !== fixed.length) {
    throw new Error(`${page}: the example needs Reported (\`file\`) and Fixed yaml blocks in pairs; found ${reported.length} Reported and ${fixed.length} Fixed`);
  }
  const pairs = reported.map((r, i) => {
    if (!r.file) throw new Error(`${page}: Reported block ${i + 1} names no file`);
    const file = fixed[i].file ?? r.file;
    if (file !== r.file) throw new Error(`${page}: Reported block ${i + 1} is in ${r.file} but its Fixed block in ${file}`);
    return { file, reported: r.text, fixed: fixed[i].text };
  });
  return { today, pairs };
}

function occurrences(text: string, part: string): number {
  let count = 0;
  for (let at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) count++;
  return count;
}

/** `rule`'s findings, not suppressed, as file (absolute) and 0-based line. */
function findings(workspace: Workspace, rule: string, today: string): { file: string; line: number }[] {
  const found: { file: string; line: number }[] = [];
  for (const [uri, diagnostics] of workspace.diagnostics({ today })) {
    const lines = workspace.file(uri)?.parsed.lines;
    for (const d of diagnostics) {
      if (d.rule !== rule || d.suppressed) continue;
      found.push({ file: uri, line: lines ? lines.positionAt(d.span.start).line : -1 });
    }
  }
  return found;
}

describe('rule docs run through the checker', () => {
  // One workspace per example, loaded once: each test plants its text and puts the files back.
  const loaded = new Map<string, Workspace>();
  const workspaceOf = (folder: string): Workspace => {
    let workspace = loaded.get(folder);
    if (!workspace) {
      workspace = loadFolder(folder).workspace;
      loaded.set(folder, workspace);
    }
    return workspace;
  };

  for (const rule of RULES) {
    it(`docs/rules/${rule.id}.md: Fixed is in the example and clean, Reported is reported`, () => {
      const page = `docs/rules/${rule.id}.md`;
      const example = docExample(page, readFileSync(path.join(DOCS, `${rule.id}.md`), 'utf8'));
      const files = example.pairs.map((pair) => path.resolve(BASE_EXAMPLE, pair.file));
      const folders = [...new Set(files.map((file) => path.join(ROOT, 'examples', path.relative(path.join(ROOT, 'examples'), file).split(path.sep)[0])))];
      assert.equal(folders.length, 1, `${page}: its blocks are in more than one example: ${folders.join(', ')}`);
      const workspace = workspaceOf(folders[0]);

      const before = findings(workspace, rule.id, example.today);
      assert.deepEqual(before, [], `${page}: the example as it is already reports ${rule.id}`);

      // Plant every Reported block; remember where each landed (offsets shift when a later pair lands above).
      const original = new Map<string, string>();
      const planted = new Map<string, string>();
      const ranges: { uri: string; start: number; end: number }[] = [];
      example.pairs.forEach((pair, i) => {
        const uri = uriOfPath(files[i]);
        const text = planted.get(uri) ?? workspace.file(uri)?.parsed.text;
        assert.ok(text !== undefined, `${page}: ${pair.file} is not a spec file of the example`);
        if (!original.has(uri)) original.set(uri, text);
        assert.equal(occurrences(text, pair.fixed), 1, `${page}: the Fixed block ${i + 1} must occur exactly once in ${pair.file}:\n${pair.fixed}`);
        const at = text.indexOf(pair.fixed);
        const shift = pair.reported.length - pair.fixed.length;
        for (const range of ranges) {
          if (range.uri === uri && range.start > at) {
            range.start += shift;
            range.end += shift;
          }
        }
        ranges.push({ uri, start: at, end: at + pair.reported.length });
        planted.set(uri, text.slice(0, at) + pair.reported + text.slice(at + pair.fixed.length));
      });
      let version = 2;
      try {
        for (const [uri, text] of planted) workspace.setFile(uri, text, version++);
        const after = findings(workspace, rule.id, example.today);
        assert.ok(after.length > 0, `${page}: planting the Reported block does not report ${rule.id}`);
        const lineOf = (uri: string, offset: number): number => planted.get(uri)!.slice(0, offset).split('\n').length - 1;
        const inside = after.filter((f) => ranges.some((r) => r.uri === f.file && f.line >= lineOf(r.uri, r.start) && f.line < lineOf(r.uri, r.end)));
        assert.ok(inside.length > 0, `${page}: ${rule.id} reports, but not on a line of the Reported block: ${JSON.stringify(after)}`);
      } finally {
        for (const [uri, text] of original) workspace.setFile(uri, text, version++);
      }
    });
  }
});

describe('rule doc example convention', () => {
  const fence = (text: string): string => `\`\`\`yaml\n${text}\n\`\`\``;

  it('pairs Reported and Fixed blocks in order, a Fixed without a path in its Reported file, and reads today', () => {
    const page = [
      '# some-rule',
      '',
      '## Example',
      '',
      '<!-- today: 2027-03-01 -->',
      '',
      'Reported (`handoffs/3-shots.handoff.yaml`), in',
      '`comp-to-color-sq010`:',
      '',
      fence('    due: 2027-03-20'),
      '',
      'Fixed:',
      '',
      fence('    due: 2027-03-19'),
      '',
      'Reported (`../saltmarsh/shots.handoff.yaml`):',
      '',
      fence('        work: 2'),
      '',
      'Fixed (`../saltmarsh/shots.handoff.yaml`):',
      '',
      fence('        work: 1'),
      '',
      'A yaml block of the prose is not part of the example:',
      '',
      fence('rules: { some-rule: off }'),
      '',
      '## Changing the severity',
      '',
      'Fixed (`nightfall.risks.yaml`):',
      '',
      fence('not in the Example section'),
    ].join('\n');
    assert.deepEqual(docExample('some-rule.md', page), {
      today: '2027-03-01',
      pairs: [
        { file: 'handoffs/3-shots.handoff.yaml', reported: '    due: 2027-03-20\n', fixed: '    due: 2027-03-19\n' },
        { file: '../saltmarsh/shots.handoff.yaml', reported: '        work: 2\n', fixed: '        work: 1\n' },
      ],
    });
  });

  it('fails naming the page when the example has no Reported/Fixed pair', () => {
    const page = ['# some-rule', '', '## Example', '', 'A spec like this:', '', fence('    due: 2027-03-20'), ''].join('\n');
    assert.throws(() => docExample('docs/rules/some-rule.md', page), /docs\/rules\/some-rule\.md: the example needs Reported/);
    assert.throws(() => docExample('docs/rules/other.md', '# other\n\nNo example at all.\n'), /docs\/rules\/other\.md: no "## Example" section/);
  });

  it('fails when a pair names two different files', () => {
    const page = ['## Example', '', 'Reported (`a.handoff.yaml`):', '', fence('x: 1'), '', 'Fixed (`b.handoff.yaml`):', '', fence('x: 2'), ''].join('\n');
    assert.throws(() => docExample('p.md', page), /p\.md: Reported block 1 is in a\.handoff\.yaml but its Fixed block in b\.handoff\.yaml/);
  });
});
