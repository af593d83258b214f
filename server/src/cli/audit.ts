// `handoff audit DELIVERY_DIR`: walks a delivery folder and checks its files
// against the templates of the handoffs they belong to (core/audit.ts says
// how); --checksums verifies them against a sha256sum manifest.
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, realpathSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { Analysis, AUDIT_RULES, parseChecksumManifest, type AuditFinding, type DeliveredFile, type ProductionModel } from '../core/facade';
import { reasonOf } from '../node/files';
import type { Command } from './command';
import type { CliDiagnostic, Summary } from './diagnostics';
import { stringFlag } from './flags';
import { formatText } from './formats';
import { loadFolder } from './load';
import { UsageError } from './usage';

export const auditCommand: Command = {
  name: 'audit',
  usage: [
    'audit DELIVERY_DIR  Check delivered files against the templates of their handoffs',
    '--production <dir>         the folder holding the specs (default: .)',
    '--checksums <manifest>     verify files against a sha256sum manifest',
    '--format text|json|sarif   output format (default: text)',
    '--no-color                 plain text output',
  ],
  flags: { production: { type: 'string' }, checksums: { type: 'string' }, format: { type: 'string' }, 'no-color': { type: 'boolean' } },
  maxPositionals: 1,
  run: (context) => {
    const dir = context.positionals[0];
    if (dir === undefined) throw new UsageError("'audit' needs the delivery folder: handoff audit DELIVERY_DIR [--production dir]");
    return runAudit({
      dir,
      production: stringFlag(context.flags.production) ?? '.',
      checksums: stringFlag(context.flags.checksums),
      format: stringFlag(context.flags.format) ?? 'text',
      color: !context.flags['no-color'] && process.stdout.isTTY === true && !process.env.NO_COLOR,
      today: context.today,
      version: context.version,
      write: context.write,
      progress: context.progress,
    });
  },
};

export interface AuditOptions {
  dir: string;
  production: string;
  checksums?: string;
  format: string;
  color: boolean;
  today: string;
  version: string;
  write: (text: string) => void;
  progress: (message: string) => void;
}

const FORMATS = ['text', 'json', 'sarif'];
/** Names a delivery tool or an operating system leaves behind; never part of a delivery. */
const IGNORED_NAMES = /^(\..*|Thumbs\.db|desktop\.ini)$/;
/** Checksum manifests at the top of a delivery describe it; they are not delivered assets. */
const MANIFEST_NAMES = /\.(sha256|sha1|md5)$/i;

export function runAudit(options: AuditOptions): number {
  if (!FORMATS.includes(options.format)) throw new UsageError(`unknown --format '${options.format}'; use one of ${FORMATS.join(', ')}`);
  const root = path.resolve(options.dir);
  if (!existsSync(root)) throw new UsageError(`no such folder '${options.dir}'`);
  if (!statSync(root).isDirectory()) throw new UsageError(`'${options.dir}' is not a folder; pass the delivery folder`);

  const manifestPath = options.checksums === undefined ? undefined : path.resolve(options.checksums);
  let manifestText: string | undefined;
  if (manifestPath !== undefined) {
    try {
      manifestText = readFileSync(manifestPath, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read the checksum manifest '${options.checksums}': ${reasonOf(error)}`);
    }
  }

  const walk = walkDelivery(root, manifestPath);
  for (const entry of walk.skipped) options.progress(`Skipped ${entry.path}: ${entry.reason}.`);

  const { workspace, unreadable } = loadFolder(options.production, options.progress);
  for (const entry of unreadable) options.progress(`Skipped ${entry.path}: ${entry.reason}.`);
  const analysis = new Analysis(workspace, { today: options.today });
  const { production, handoff } = chooseProduction(analysis.productions(), root, walk.files, options.production);

  let hashes: Map<string, string> | undefined;
  const relativeManifest = manifestPath === undefined ? undefined : relativePath(root, manifestPath);
  if (manifestText !== undefined) {
    hashes = new Map();
    const delivered = new Set(walk.files.map((file) => file.path));
    for (const entry of parseChecksumManifest(manifestText).entries) {
      if (!delivered.has(entry.path) || hashes.has(entry.path)) continue;
      try {
        hashes.set(entry.path, sha256Of(path.join(root, ...entry.path.split('/'))));
      } catch (error) {
        options.progress(`Could not hash ${entry.path}: ${reasonOf(error)}.`);
      }
    }
  }

  const result = analysis.audit(production, {
    files: walk.files,
    ...(handoff === undefined ? {} : { handoff }),
    ...(manifestText === undefined ? {} : { manifest: { path: relativeManifest!, text: manifestText }, hashes }),
  });
  const diagnostics = result.findings.map(toDiagnostic);
  const summary = summarizeAudit(diagnostics, result.files);
  const productionId = production.production?.id ?? production.key;

  if (options.format === 'json') {
    options.write(JSON.stringify({ today: options.today, production: productionId, summary, handoffs: result.handoffs, diagnostics }, null, 2));
  } else if (options.format === 'sarif') {
    options.write(auditSarif(diagnostics, options.version));
  } else {
    const handoffs = result.handoffs.map((entry) => `${entry.handoff} (${entry.files} file${entry.files === 1 ? '' : 's'}${entry.template ? `, template ${entry.template}` : ''})`);
    const listed = handoffs.length <= 6 ? handoffs.join(', ') : `${handoffs.slice(0, 5).join(', ')} and ${handoffs.length - 5} more`;
    const checked = handoffs.length === 0 ? 'no handoff folder' : `${handoffs.length} handoff${handoffs.length === 1 ? '' : 's'}: ${listed}`;
    options.write(`${formatText(diagnostics, summary, { color: options.color })}\nAudited against production ${productionId}, ${checked}.`);
  }
  return summary.errors > 0 ? 1 : 0;
}

/**
 * Every file under the delivery folder (links followed once), relative and
 * '/'-separated, sorted; without hidden files and the checksum manifests
 * (*.sha256, *.sha1, *.md5) at its top.
 */
export function walkDelivery(root: string, exclude?: string): { files: DeliveredFile[]; skipped: { path: string; reason: string }[] } {
  const files: DeliveredFile[] = [];
  const skipped: { path: string; reason: string }[] = [];
  const visited = new Set<string>();
  const stack: string[] = [''];
  while (stack.length > 0) {
    const relative = stack.pop()!;
    const folder = relative === '' ? root : path.join(root, relative);
    let entries;
    try {
      const real = realpathSync(folder);
      if (visited.has(real)) continue;
      visited.add(real);
      entries = readdirSync(folder, { withFileTypes: true });
    } catch (error) {
      skipped.push({ path: folder, reason: reasonOf(error) });
      continue;
    }
    for (const entry of entries) {
      if (IGNORED_NAMES.test(entry.name) || (relative === '' && MANIFEST_NAMES.test(entry.name))) continue;
      const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
      const full = path.join(folder, entry.name);
      if (exclude !== undefined && full === exclude) continue;
      let stats;
      try {
        stats = statSync(full);
      } catch (error) {
        skipped.push({ path: full, reason: reasonOf(error) });
        continue;
      }
      if (stats.isDirectory()) stack.push(child);
      else if (stats.isFile()) files.push({ path: child, size: stats.size });
    }
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, skipped };
}

/**
 * The production the delivery is checked against: the only one, or the one
 * whose handoffs the delivery's top-level folders name most often. When the
 * delivery folder is itself named after a handoff, its files belong to it.
 */
function chooseProduction(
  productions: readonly ProductionModel[],
  root: string,
  files: readonly DeliveredFile[],
  productionDir: string,
): { production: ProductionModel; handoff?: string } {
  const governed = productions.filter((production) => production.production !== undefined);
  if (governed.length === 0) throw new UsageError(`no *.production.yaml under '${productionDir}'; pass the spec folder with --production <dir>`);
  const own = path.basename(root);
  const folders = new Set(files.map((file) => file.path.split('/')[0]));
  const score = (production: ProductionModel) => {
    let hits = 0;
    for (const folder of folders) if (production.handoff(folder)) hits++;
    return hits;
  };
  const pinned = governed.filter((production) => production.handoff(own) !== undefined && score(production) === 0);
  if (pinned.length > 0) return { production: pinned[0], handoff: own };
  if (governed.length === 1) return { production: governed[0] };
  const ranked = [...governed].sort((a, b) => score(b) - score(a));
  if (score(ranked[0]) === 0 || score(ranked[0]) === score(ranked[1])) {
    throw new UsageError(
      `'${productionDir}' holds ${governed.length} productions (${governed.map((p) => p.production!.id).join(', ')}) and the delivery's folders do not tell which one it belongs to; pass that production's folder with --production`,
    );
  }
  return { production: ranked[0] };
}

function relativePath(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

/** One read buffer for every file hashed: allocating a megabyte per file would cost more than hashing small files. */
let hashBuffer: Buffer | undefined;

/** sha256 of a file read in chunks, so a multi-gigabyte movie does not have to fit in memory. */
function sha256Of(file: string): string {
  const hash = createHash('sha256');
  const buffer = (hashBuffer ??= Buffer.allocUnsafe(1 << 20));
  const fd = openSync(file, 'r');
  try {
    for (;;) {
      const read = readSync(fd, buffer, 0, buffer.length, null);
      if (read === 0) break;
      hash.update(buffer.subarray(0, read));
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

function toDiagnostic(finding: AuditFinding): CliDiagnostic {
  const line = finding.line ?? 1;
  return { file: finding.file, line, column: 1, endLine: line, endColumn: 1, severity: finding.severity, rule: finding.rule, message: finding.message, related: [] };
}

function summarizeAudit(diagnostics: readonly CliDiagnostic[], files: number): Summary {
  const summary: Summary = { errors: 0, warnings: 0, infos: 0, suppressed: 0, files };
  for (const d of diagnostics) {
    if (d.severity === 'error') summary.errors++;
    else if (d.severity === 'warning') summary.warnings++;
    else summary.infos++;
  }
  return summary;
}

const SARIF_LEVEL: Record<string, string> = { error: 'error', warning: 'warning', info: 'note' };

/** SARIF 2.1.0 with the audit's own rules; locations are paths relative to the delivery folder. */
export function auditSarif(diagnostics: readonly CliDiagnostic[], version: string): string {
  const ruleIndex = new Map<string, number>(AUDIT_RULES.map((rule, index) => [rule.id, index]));
  const uri = (file: string) => encodeURI(file).replace(/#/g, '%23').replace(/\?/g, '%3F');
  return JSON.stringify(
    {
      $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
      version: '2.1.0',
      runs: [
        {
          tool: {
            driver: {
              name: 'handoff audit',
              informationUri: 'https://github.com/handoff-specs/handoff-specs',
              version,
              rules: AUDIT_RULES.map((rule) => ({ id: rule.id, shortDescription: { text: rule.summary }, defaultConfiguration: { level: SARIF_LEVEL[rule.severity] } })),
            },
          },
          originalUriBaseIds: { DELIVERY: { description: { text: 'The delivery folder' } } },
          results: diagnostics.map((d) => ({
            ruleId: d.rule,
            ruleIndex: ruleIndex.get(d.rule),
            level: SARIF_LEVEL[d.severity],
            message: { text: d.message },
            locations: [{ physicalLocation: { artifactLocation: { uri: uri(d.file), uriBaseId: 'DELIVERY' }, region: { startLine: d.line } } }],
          })),
        },
      ],
    },
    null,
    2,
  );
}
