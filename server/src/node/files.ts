// The filesystem side shared by the CLI and the language server: finding spec
// files under a folder and reading them. The analysis core never touches fs.
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { OCIO_MAX_BYTES, type OcioSource } from '../core/ocio';
import { fileKindOf } from '../core/parse';

/** Folders never worth scanning for specs. */
export const SKIPPED_FOLDERS: ReadonlySet<string> = new Set(['node_modules', '.git', '.hg', '.svn']);

export interface ScanResult {
  /** Absolute paths of spec files, sorted. */
  files: string[];
  /** Folders or entries that could not be read, with the reason. */
  skipped: { path: string; reason: string }[];
}

export function uriOfPath(file: string): string {
  return pathToFileURL(file).href;
}

export function pathOfUri(uri: string): string {
  return uri.startsWith('file:') ? fileURLToPath(uri) : uri;
}

/**
 * Every spec file under `root`, following symbolic links once (a link that
 * loops back is skipped) and skipping version-control and dependency folders
 * and any folder `isExcluded` rejects.
 */
export function findSpecFiles(root: string, isExcluded: (absolutePath: string) => boolean = () => false): ScanResult {
  const files: string[] = [];
  const skipped: ScanResult['skipped'] = [];
  const visited = new Set<string>();
  const stack = [path.resolve(root)];
  while (stack.length > 0) {
    const folder = stack.pop()!;
    let real: string;
    try {
      real = realpathSync(folder);
    } catch (error) {
      skipped.push({ path: folder, reason: reasonOf(error) });
      continue;
    }
    if (visited.has(real)) continue;
    visited.add(real);
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch (error) {
      skipped.push({ path: folder, reason: reasonOf(error) });
      continue;
    }
    for (const entry of entries) {
      const full = path.join(folder, entry.name);
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const target = statSync(full);
          isDirectory = target.isDirectory();
          isFile = target.isFile();
        } catch (error) {
          skipped.push({ path: full, reason: reasonOf(error) });
          continue;
        }
      }
      if (isDirectory) {
        if (!SKIPPED_FOLDERS.has(entry.name) && !isExcluded(full)) stack.push(full);
      } else if (isFile && fileKindOf(entry.name) && !isExcluded(full)) {
        files.push(full);
      }
    }
  }
  files.sort();
  return { files, skipped };
}

export function reasonOf(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error) {
    const code = String((error as { code: unknown }).code);
    switch (code) {
      case 'ENOENT':
        return 'it does not exist';
      case 'EACCES':
      case 'EPERM':
        return 'permission denied';
      case 'ELOOP':
        return 'a symbolic link loops back on itself';
      case 'EISDIR':
        return 'it is a folder';
      case 'ENOTDIR':
        return 'a part of the path is a file, not a folder';
      case 'EEXIST':
        return 'it already exists';
      default:
        return code;
    }
  }
  return error instanceof Error ? error.message : String(error);
}

/** Reads a spec file as UTF-8 without its byte-order mark. */
export function readSpecFile(file: string): string {
  const text = readFileSync(file, 'utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Async read for the language server, so a large scan leaves room for requests. */
export async function readSpecFileAsync(file: string): Promise<string> {
  const text = await readFile(file, 'utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * An OCIO config as the analysis core takes it: its text, or why there is
 * none to give (missing, unreadable, a folder, a zip archive, too large).
 */
export function readOcioConfig(file: string): OcioSource {
  let size: number;
  try {
    const stats = statSync(file);
    if (stats.isDirectory()) return { problem: 'is a folder: point ocio: at the config.ocio file inside it' };
    size = stats.size;
  } catch (error) {
    const reason = reasonOf(error);
    return { problem: reason === 'it does not exist' ? 'does not exist: correct the path (it is relative to the production file) or add the config there' : `cannot be read (${reason})` };
  }
  if (size > OCIO_MAX_BYTES) {
    return { problem: `is ${(size / 1024 / 1024).toFixed(1)} MB, more than the 20 MB a config can be: point ocio: at the config.ocio itself, not at a LUT or an archive` };
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    return { problem: `cannot be read (${reasonOf(error)})` };
  }
  // An .ocioz is a zip archive of the config and its LUTs ("PK\x03\x04").
  if (file.toLowerCase().endsWith('.ocioz') || (bytes.length >= 4 && bytes.readUInt32BE(0) === 0x504b0304)) {
    return {
      problem: `is an OCIO archive (.ocioz, a zip): unpack it with 'ocioarchive --extract ${path.basename(file)}' or any unzip tool, and point ocio: at the config.ocio inside`,
    };
  }
  const text = bytes.toString('utf8');
  return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
}

/**
 * Reads a shot list a breakdown imports (CSV, OTIO) for the core: its text,
 * or why there is none; a file over the limit is not read at all.
 */
export function readImportedFile(uri: string, maxBytes: number): { text?: string; error?: string; tooLarge?: number } {
  const file = pathOfUri(uri);
  try {
    const size = statSync(file).size;
    if (size > maxBytes) return { tooLarge: size };
    return { text: readFileSync(file, 'utf8') };
  } catch (error) {
    return { error: reasonOf(error) };
  }
}

/** Reads every shot list the workspace's breakdown files import into it. */
export function loadImports(workspace: { wantedImports(): string[]; setImport(uri: string, read: { text?: string; error?: string; tooLarge?: number }): void }, maxBytes: number): void {
  for (const uri of workspace.wantedImports()) workspace.setImport(uri, readImportedFile(uri, maxBytes));
}
