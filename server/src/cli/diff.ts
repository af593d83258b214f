// `handoff diff REV [REV2]`: what slipped between two git revisions of the
// specs (REV2 defaults to the working tree), so a production gets versioned
// schedules from the git history it already keeps. The specs of a revision are
// listed with `git ls-tree` and read in one `git cat-file --batch` (the batch
// form of `git show REV:path`, one process for thousands of files).
import { execFileSync } from 'node:child_process';
import { existsSync, realpathSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { Analysis, fileKindOf, hasChanges, Workspace, type DateMove, type ListedError, type MovedHandoff, type ScheduleSlip } from '../core/facade';
import { SKIPPED_FOLDERS, uriOfPath } from '../node/files';
import type { Command } from './command';
import { stringFlag } from './flags';
import { loadFolder } from './load';
import { UsageError } from './usage';

export const diffCommand: Command = {
  name: 'diff',
  usage: [
    'diff REV [REV2]  What slipped between two git revisions of the specs (REV2: the working tree)',
    '--dir <folder>             the spec folder inside the repository (default: .)',
    '--format text|json|markdown  output format (default: text)',
  ],
  flags: { dir: { type: 'string' }, format: { type: 'string' } },
  maxPositionals: 2,
  run: (context) => {
    const [from, to] = context.positionals;
    if (from === undefined) throw new UsageError("'diff' needs a revision: handoff diff REV [REV2], e.g. handoff diff HEAD~1");
    return runDiff({ from, to, dir: stringFlag(context.flags.dir) ?? '.', format: stringFlag(context.flags.format) ?? 'text', today: context.today, write: context.write, progress: context.progress });
  },
};

export interface DiffOptions {
  from: string;
  /** Undefined: the working tree. */
  to?: string;
  dir: string;
  format: string;
  /** ISO date the errors of both versions are found with (future dates, stale risks). */
  today?: string;
  write: (text: string) => void;
  progress: (message: string) => void;
}

const FORMATS = ['text', 'json', 'markdown'];
const WORKING_TREE = 'the working tree';

export function runDiff(options: DiffOptions): number {
  if (!FORMATS.includes(options.format)) throw new UsageError(`unknown --format '${options.format}'; use one of ${FORMATS.join(', ')}`);
  const dir = path.resolve(options.dir);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`no such folder '${options.dir}'`);
  const repo = git(dir, ['rev-parse', '--show-toplevel'], `'${options.dir}' is not inside a git repository`).toString('utf8').trim();
  const prefix = path.relative(realpathSync(repo), realpathSync(dir)).split(path.sep).join('/');

  const before = readRevision(repo, prefix, options.from);
  const after = options.to === undefined ? loadWorkingTree(options.dir, options.progress) : readRevision(repo, prefix, options.to);
  const slips = new Analysis(after.workspace, { today: options.today }).diffFrom(new Analysis(before.workspace, { today: options.today }));
  const range = { from: before.label, to: after.label };

  if (options.format === 'json') options.write(JSON.stringify({ from: options.from, to: options.to ?? null, productions: slips }, null, 2));
  else if (options.format === 'markdown') options.write(slips.map((slip) => slipMarkdown(slip, range)).join('\n\n'));
  else options.write(slips.map((slip) => slipText(slip, range)).join('\n\n'));
  return 0;
}

interface Version {
  label: string;
  workspace: Workspace;
}

function git(cwd: string, args: string[], failure: string, input?: string): Buffer {
  try {
    return execFileSync('git', args, { cwd, input, maxBuffer: 1 << 30, stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (error) {
    if (error && typeof error === 'object' && 'code' in error && (error as { code: unknown }).code === 'ENOENT') {
      throw new UsageError('git is not installed or not on PATH; handoff diff reads the specs from git');
    }
    throw new UsageError(failure);
  }
}

/** The spec files of a revision under `prefix`, in a Workspace with the URIs the working tree would have. */
function readRevision(repo: string, prefix: string, revision: string): Version {
  if (revision.startsWith('-')) throw new UsageError(`'${revision}' is not a revision`);
  const commit = git(repo, ['rev-parse', '--verify', '--quiet', `${revision}^{commit}`], `unknown revision '${revision}'; name a commit, branch or tag, e.g. HEAD~1`)
    .toString('utf8')
    .trim();
  const listing = git(repo, ['ls-tree', '-r', '-z', '--full-name', '--name-only', commit, '--', prefix === '' ? '.' : prefix], `cannot list the files of '${revision}'`);
  const names = listing
    .toString('utf8')
    .split('\0')
    .filter((name) => name !== '' && !name.includes('\n') && fileKindOf(name) !== undefined && !name.split('/').some((part) => SKIPPED_FOLDERS.has(part)));
  const workspace = new Workspace();
  if (names.length > 0) {
    const output = git(repo, ['cat-file', '--batch'], `cannot read the files of '${revision}'`, names.map((name) => `${commit}:${name}\n`).join(''));
    let at = 0;
    for (const name of names) {
      const headerEnd = output.indexOf(10, at);
      const header = output.toString('utf8', at, headerEnd);
      const size = Number(header.split(' ')[2]);
      if (!/ blob \d+$/.test(header)) throw new UsageError(`cannot read '${name}' at '${revision}': ${header}`);
      let text = output.toString('utf8', headerEnd + 1, headerEnd + 1 + size);
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      workspace.setFile(uriOfPath(path.join(repo, ...name.split('/'))), text, 0);
      at = headerEnd + 1 + size + 1;
    }
  }
  return { label: `${revision} (${commit.slice(0, 7)})`, workspace };
}

function loadWorkingTree(dir: string, progress: (message: string) => void): Version {
  const { workspace, unreadable } = loadFolder(dir, progress);
  for (const entry of unreadable) progress(`Skipped ${entry.path}: ${entry.reason}.`);
  return { label: WORKING_TREE, workspace };
}

function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}

function moveText(move: DateMove): string {
  return `${move.before} → ${move.after} (${signed(move.workingDays)} working day${Math.abs(move.workingDays) === 1 ? '' : 's'})`;
}

/** The larger of a move's due and ready shift: > 0 is a slip. */
function shift(entry: MovedHandoff): number {
  return Math.max(entry.due?.workingDays ?? -Infinity, entry.ready?.workingDays ?? -Infinity);
}

function errorText(error: ListedError): string {
  return `    ${error.file}:${error.line}  ${error.rule}  ${error.message}`;
}

export function slipText(slip: ScheduleSlip, range: { from: string; to: string }): string {
  const lines = [`${slip.production}: ${range.from} → ${range.to}`];
  if (!hasChanges(slip)) {
    lines.push('  No schedule change.');
    return lines.join('\n');
  }
  const width = Math.max(0, ...slip.moved.map((entry) => entry.handoff.length), ...slip.milestones.map((entry) => entry.milestone.length));
  const moved = (entry: MovedHandoff) =>
    `    ${entry.handoff.padEnd(width)}  ${[entry.due && `due ${moveText(entry.due)}`, entry.ready && `ready ${moveText(entry.ready)}`].filter(Boolean).join(', ')}`;
  const slipped = slip.moved.filter((entry) => shift(entry) > 0);
  const earlier = slip.moved.filter((entry) => shift(entry) <= 0);
  if (slipped.length > 0) lines.push(`  Slipped (${slipped.length}):`, ...slipped.map(moved));
  if (earlier.length > 0) lines.push(`  Moved earlier (${earlier.length}):`, ...earlier.map(moved));
  if (slip.milestones.length > 0) {
    lines.push(`  Milestone slack shrank (${slip.milestones.length}):`);
    for (const entry of slip.milestones) {
      const date = entry.date ? `, milestone moved ${entry.date.before ?? '?'} → ${entry.date.after ?? '?'}` : '';
      lines.push(`    ${entry.milestone.padEnd(width)}  slack ${entry.slackBefore} → ${entry.slackAfter} working days (${signed(entry.change)})${entry.slackAfter < 0 ? ', now late' : ''}${date}`);
    }
  }
  if (slip.newlyCritical.length > 0) lines.push(`  New on the critical path (${slip.newlyCritical.length}): ${slip.newlyCritical.join(', ')}`);
  if (slip.leftCritical.length > 0) lines.push(`  Left the critical path (${slip.leftCritical.length}): ${slip.leftCritical.join(', ')}`);
  if (slip.added.length > 0) lines.push(`  Added (${slip.added.length}): ${slip.added.map((entry) => `${entry.handoff}${entry.ready ? ` (ready ${entry.ready})` : ''}`).join(', ')}`);
  if (slip.removed.length > 0) lines.push(`  Removed (${slip.removed.length}): ${slip.removed.map((entry) => entry.handoff).join(', ')}`);
  if (slip.end) lines.push(`  Latest ready date: ${moveText(slip.end)}`);
  if (slip.newErrors.length > 0) lines.push(`  New errors (${slip.newErrors.length}):`, ...slip.newErrors.map(errorText));
  if (slip.resolvedErrors.length > 0) lines.push(`  Resolved errors (${slip.resolvedErrors.length}, lines of ${range.from}):`, ...slip.resolvedErrors.map(errorText));
  return lines.join('\n');
}

/** Inline code that a backtick in the text cannot end early. */
function code(text: string): string {
  return `\`${text.replace(/`/g, "'").replace(/\|/g, '\\|')}\``;
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]<>()#+!|~]/g, '\\$&');
}

export function slipMarkdown(slip: ScheduleSlip, range: { from: string; to: string }): string {
  const lines = [`### Schedule changes in ${escapeMarkdown(slip.production)}`, '', `${escapeMarkdown(range.from)} → ${escapeMarkdown(range.to)}`, ''];
  if (!hasChanges(slip)) {
    lines.push('No schedule change.');
    return lines.join('\n');
  }
  const slipped = slip.moved.filter((entry) => shift(entry) > 0);
  const earlier = slip.moved.filter((entry) => shift(entry) <= 0);
  const headline: string[] = [];
  if (slipped.length > 0) headline.push(`**${slipped.length} handoff${slipped.length === 1 ? '' : 's'} slipped**`);
  if (earlier.length > 0) headline.push(`${earlier.length} moved earlier`);
  for (const entry of slip.milestones) headline.push(`${code(entry.milestone)} lost ${-entry.change} working day${entry.change === -1 ? '' : 's'} of slack${entry.slackAfter < 0 ? ' and is now late' : ''}`);
  if (slip.end) headline.push(`the last handoff is ready ${slip.end.after} (${signed(slip.end.workingDays)} working days)`);
  if (headline.length > 0) lines.push(`${headline.join('; ')}.`, '');
  const cell = (move: DateMove | undefined) => (move ? `${move.before} → ${move.after} (${move.workingDays > 0 ? `**${signed(move.workingDays)}**` : signed(move.workingDays)})` : '');
  if (slip.moved.length > 0) {
    lines.push('| Handoff | Due | Ready |', '| --- | --- | --- |');
    for (const entry of [...slipped, ...earlier]) lines.push(`| ${code(entry.handoff)} | ${cell(entry.due)} | ${cell(entry.ready)} |`);
    lines.push('');
  }
  if (slip.milestones.length > 0) {
    lines.push('| Milestone | Slack before | Slack after | Change |', '| --- | ---: | ---: | ---: |');
    for (const entry of slip.milestones) lines.push(`| ${code(entry.milestone)} | ${entry.slackBefore} | ${entry.slackAfter} | **${signed(entry.change)}** |`);
    lines.push('');
  }
  if (slip.newlyCritical.length > 0) lines.push(`- New on the critical path: ${slip.newlyCritical.map(code).join(', ')}`);
  if (slip.leftCritical.length > 0) lines.push(`- Left the critical path: ${slip.leftCritical.map(code).join(', ')}`);
  if (slip.added.length > 0) lines.push(`- Added: ${slip.added.map((entry) => `${code(entry.handoff)}${entry.ready ? ` (ready ${entry.ready})` : ''}`).join(', ')}`);
  if (slip.removed.length > 0) lines.push(`- Removed: ${slip.removed.map((entry) => code(entry.handoff)).join(', ')}`);
  const errorRow = (error: ListedError) => `| ${code(`${error.file}:${error.line}`)} | ${code(error.rule)} | ${escapeMarkdown(error.message)} |`;
  if (slip.newErrors.length > 0) lines.push('', `**New errors (${slip.newErrors.length})**`, '', '| Where | Rule | Message |', '| --- | --- | --- |', ...slip.newErrors.map(errorRow));
  if (slip.resolvedErrors.length > 0) lines.push('', `Resolved errors (${slip.resolvedErrors.length}, lines of ${escapeMarkdown(range.from)})`, '', '| Where | Rule | Message |', '| --- | --- | --- |', ...slip.resolvedErrors.map(errorRow));
  while (lines[lines.length - 1] === '') lines.pop();
  return lines.join('\n');
}
