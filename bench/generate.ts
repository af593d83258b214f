// Deterministic generator of realistic spec workspaces for benchmarks and
// scale tests: one production, a glossary, templates, handoffs five per file
// in a depends_on DAG up to 40 levels deep, runbooks and a risk log. The same
// size always gives byte-identical files.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

const DEPARTMENTS = ['story', 'editorial', 'layout', 'assets', 'animation', 'cfx', 'fx', 'lighting', 'comp', 'color', 'sound', 'deliverables'];
const COLORS = ['#c678dd', '#e5c07b', '#61afef', '#56b6c2', '#98c379', '#d19a66', '#e06c75', '#abb2bf', '#be5046', '#528bff', '#7ec699', '#f0c674'];
const LEVELS = 40;
const PER_FILE = 5;
const TEMPLATES = 24;

/** A small seeded PRNG (mulberry32), so output depends only on the size. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY = 86_400_000;
/** Monday 2027-01-04. */
const FIRST_MONDAY = Date.UTC(2027, 0, 4);
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** Each level works Monday–Friday of week 2L and is ready on the Tuesday after (2 review days). */
const startOf = (level: number) => iso(FIRST_MONDAY + level * 14 * DAY);
const dueOf = (level: number) => iso(FIRST_MONDAY + (level * 14 + 4) * DAY);

export interface GeneratedWorkspace {
  folder: string;
  files: number;
  bytes: number;
  handoffs: number;
}

export function generateWorkspace(folder: string, handoffCount: number): GeneratedWorkspace {
  const next = random(handoffCount);
  let files = 0;
  let bytes = 0;
  const write = (relative: string, text: string) => {
    const target = path.join(folder, relative);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, text);
    files++;
    bytes += Buffer.byteLength(text);
  };
  const people = DEPARTMENTS.flatMap((dept) => [0, 1, 2].map((i) => ({ id: `${dept}-${['lead', 'coord', 'artist'][i]}`, dept })));
  const milestones = [10, 20, 30, LEVELS].map((level, i) => ({ id: `milestone-${i + 1}`, date: iso(FIRST_MONDAY + (level * 14 + 7) * DAY) }));

  write(
    'studio.production.yaml',
    [
      'production: bigshow',
      'title: Big Show',
      'calendar:',
      '  workdays: [mon, tue, wed, thu, fri]',
      '  holidays: [2026-12-25, 2027-12-25]',
      'review_buffer: 2',
      'risk_review_days: 7',
      'departments:',
      ...DEPARTMENTS.map((d, i) => `  - { id: ${d}, name: ${d[0].toUpperCase()}${d.slice(1)}, lead: ${d}-lead, color: "${COLORS[i]}", channel: "#${d}" }`),
      'people:',
      ...people.map((p) => `  - { id: ${p.id}, name: ${p.id.replace('-', ' ')}, role: ${p.id.split('-')[1]}, department: ${p.dept} }`),
      'milestones:',
      ...milestones.map((m) => `  - { id: ${m.id}, date: ${m.date}, title: Milestone ${m.id.slice(-1)} }`),
      '',
    ].join('\n'),
  );
  write(
    'studio.glossary.yaml',
    [
      'color_spaces:',
      '  - { id: acescg, name: ACEScg }',
      '  - { id: rec709, name: Rec.709 }',
      'formats:',
      '  - { id: exr, extensions: [exr], color_spaces: [acescg] }',
      '  - { id: prores, extensions: [mov], color_spaces: [rec709] }',
      '  - { id: wav, extensions: [wav] }',
      'asset_types:',
      '  - { id: render, description: Rendered frames, formats: [exr, prores], metadata: [shot, frame-range] }',
      'metadata:',
      '  - { id: shot, type: string, pattern: "^[a-z]{2}[0-9]{4}$" }',
      '  - { id: frame-range, type: range }',
      'naming_tokens:',
      '  layer: "[a-z]+"',
      '',
    ].join('\n'),
  );
  for (let t = 0; t < TEMPLATES; t++) {
    write(
      `templates/t${t}.template.yaml`,
      [
        `template: t${t}`,
        'asset_type: render',
        'format: exr',
        'color_space: acescg',
        `naming: "{show}_{shot}_{layer}_t${t}_v{version:3}.{frame:4}.exr"`,
        'delivery: { location: "vault://{show}/to-{to}/{shot}/", method: vault }',
        'required_files:',
        `  - "{show}_{shot}_{layer}_t${t}_v{version:3}.{frame:4}.exr"`,
        'metadata: [shot, frame-range]',
        'accepts: { formats: [exr], color_spaces: [acescg] }',
        'checklist:',
        '  - { id: frame-range, check: Frame range equals the cut list range, verify: frame-range }',
        '  - { id: colorspace, check: Every file is tagged ACEScg }',
        '',
      ].join('\n'),
    );
  }
  // Handoff i sits on level floor(i * LEVELS / n), so the DAG is LEVELS deep.
  const levelOf = (i: number) => Math.floor((i * LEVELS) / handoffCount);
  const firstOfLevel: number[] = [];
  for (let i = 0; i < handoffCount; i++) if (firstOfLevel[levelOf(i)] === undefined) firstOfLevel[levelOf(i)] = i;
  const idOf = (i: number) => `h${String(i).padStart(6, '0')}`;
  for (let file = 0; file * PER_FILE < handoffCount; file++) {
    const lines = ['handoffs:'];
    for (let i = file * PER_FILE; i < Math.min(handoffCount, (file + 1) * PER_FILE); i++) {
      const level = levelOf(i);
      const from = DEPARTMENTS[level % DEPARTMENTS.length];
      const to = DEPARTMENTS[(level + 1) % DEPARTMENTS.length];
      const deps: string[] = [];
      if (level > 0) {
        const start = firstOfLevel[level - 1];
        const size = firstOfLevel[level] - start;
        const count = 1 + Math.floor(next() * 2);
        for (let k = 0; k < count; k++) {
          const dep = idOf(start + Math.floor(next() * size));
          if (!deps.includes(dep)) deps.push(dep);
        }
      }
      const feeds = milestones.find((m, index) => [10, 20, 30, LEVELS][index] === level + 1);
      lines.push(
        `  - id: ${idOf(i)}`,
        `    title: ${from} to ${to} delivery ${i}`,
        `    from: ${from}`,
        `    to: ${to}`,
        `    template: t${i % TEMPLATES}`,
        `    owner: ${from}-coord`,
        `    contact: ${from}-${i % 2 === 0 ? 'lead' : 'artist'}`,
        `    escalation: [${from}-lead, ${to}-lead]`,
        `    start: ${startOf(level)}`,
        `    due: ${dueOf(level)}`,
        ...(deps.length > 0 ? [`    depends_on: [${deps.join(', ')}]`] : []),
        ...(feeds ? [`    feeds: ${feeds.id}`] : []),
        '    done_when:',
        `      - All ${1 + (i % 30)} shots delivered at v001 or later`,
        '    checklist: [frame-range, colorspace]',
        `    status: ${level < 2 ? 'accepted' : level < 4 ? 'in_progress' : 'planned'}`,
        ...(i % 10 === 0 ? ['    risk:', '      level: high', '      contingency: { plan: Deliver slapcomps first, expedited_review: true }'] : []),
      );
    }
    lines.push('');
    write(`handoffs/f${String(file).padStart(5, '0')}.handoff.yaml`, lines.join('\n'));
  }
  for (let t = 0; t < TEMPLATES; t++) {
    write(
      `runbooks/r${t}.runbook.yaml`,
      [
        `runbook: r${t}`,
        `title: Deliver t${t}`,
        `owner: ${DEPARTMENTS[t % DEPARTMENTS.length]}-coord`,
        `applies_to: [t${t}]`,
        'steps:',
        '  - { id: render, do: Render at full resolution, role: artist }',
        '  - { id: qa, do: Run the QA checks, qa: [frame-range, colorspace], after: [render] }',
        '  - { id: meta, do: Check the metadata, verify: [shot, frame-range], after: [qa] }',
        `  - { id: publish, do: Publish to the vault, handoff: ${idOf(t % handoffCount)}, after: [meta] }`,
        '',
      ].join('\n'),
    );
  }
  const risks = ['risks:'];
  // Open risks sit on handoffs still in work (from level 2 on): one on accepted work would be risk-on-closed-handoff.
  const inWork = firstOfLevel[2] ?? 0;
  for (let r = 0; r < Math.max(1, Math.floor(handoffCount / 50)); r++) {
    const dept = DEPARTMENTS[r % DEPARTMENTS.length];
    risks.push(
      `  - { id: risk-${r}, handoff: ${idOf(inWork + ((r * 37) % (handoffCount - inWork)))}, description: Delivery ${r} may slip, likelihood: medium, impact: high, owner: ${dept}-lead, mitigation: Keep a fallback version, reviewed: 2027-01-12, status: open }`,
    );
  }
  risks.push('');
  write('studio.risks.yaml', risks.join('\n'));
  return { folder, files, bytes, handoffs: handoffCount };
}

if (require.main === module) {
  const [folder, count] = process.argv.slice(2);
  const n = Number(count);
  if (!folder || !Number.isInteger(n) || n < 1) {
    process.stderr.write('Usage: node out/bench/generate.js <folder> <handoff count>\n');
    process.exit(2);
  }
  const result = generateWorkspace(folder, n);
  process.stdout.write(`${result.handoffs} handoffs in ${result.files} files (${(result.bytes / 1e6).toFixed(1)} MB) under ${folder}\n`);
}
