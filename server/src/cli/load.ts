// Loads a folder into the analysis core for a command.
import { existsSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { fileKindOf, MAX_IMPORT_BYTES, Workspace } from '../core/facade';
import { findSpecFiles, pathOfUri, loadImports, readOcioConfig, readSpecFile, reasonOf, uriOfPath } from '../node/files';
import { UsageError } from './usage';

export interface LoadedFolder {
  root: string;
  workspace: Workspace;
  /** Links that lead nowhere or loop, and files gone since the scan, with why: reported, never fatal. */
  unreadable: { path: string; reason: string }[];
}

export interface LoadOptions {
  /**
   * `check` reports two production files in one folder as a finding; every
   * other command stops, since which one governs would be a guess.
   */
  allowConflictingProductions?: boolean;
}

export function loadFolder(dir: string, progress?: (message: string) => void, options: LoadOptions = {}): LoadedFolder {
  const root = path.resolve(dir);
  if (!existsSync(root)) throw new UsageError(`no such folder '${dir}'`);
  if (!statSync(root).isDirectory()) throw new UsageError(`'${dir}' is not a folder; pass the folder that holds the specs`);
  try {
    readdirSync(root);
  } catch (error) {
    throw new UsageError(`cannot read the folder '${dir}': ${reasonOf(error)}`);
  }
  const scan = findSpecFiles(root);
  if (scan.files.length === 0) {
    throw new UsageError(`no spec files (*.production.yaml, *.handoff.yaml, ...) under '${dir}'; run 'handoff init ${dir}' to start one`);
  }
  const shown = (file: string) => path.join(dir, path.relative(root, file));
  if (!options.allowConflictingProductions) {
    const productionFiles = scan.files.filter((file) => fileKindOf(file) === 'production');
    for (const file of productionFiles) {
      const other = productionFiles.find((candidate) => candidate !== file && path.dirname(candidate) === path.dirname(file));
      if (other) {
        throw new UsageError(
          `two production files govern one folder: '${shown(file)}' and '${shown(other)}'; merge them or move one into its own folder ('handoff check' shows both)`,
        );
      }
    }
  }
  const workspace = new Workspace();
  const unreadable = [...scan.skipped];
  scan.files.forEach((file, index) => {
    if (progress && index % 500 === 0 && scan.files.length > 1000) progress(`Reading spec files… ${index}/${scan.files.length}`);
    let text: string;
    try {
      text = readSpecFile(file);
    } catch (error) {
      // A file that is there but cannot be read would make every result about its production wrong.
      if (existsSync(file)) throw new UsageError(`cannot read '${shown(file)}': ${reasonOf(error)}`);
      unreadable.push({ path: file, reason: reasonOf(error) });
      return;
    }
    workspace.setFile(uriOfPath(file), text, 0);
  });
  // The OCIO configs the productions name: read here, parsed by the core.
  for (const uri of workspace.ocioUris()) workspace.setOcioSource(uri, readOcioConfig(pathOfUri(uri)));
  loadImports(workspace, MAX_IMPORT_BYTES);
  return { root, workspace, unreadable };
}
