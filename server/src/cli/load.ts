// Loads a folder into the analysis core for a command.
import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { Workspace } from '../core/workspace';
import { findSpecFiles, readSpecFile, reasonOf, uriOfPath } from '../node/files';
import { UsageError } from './usage';

export interface LoadedFolder {
  root: string;
  workspace: Workspace;
  /** Files found but not read, with why: reported, never fatal. */
  unreadable: { path: string; reason: string }[];
}

export function loadFolder(dir: string, progress?: (message: string) => void): LoadedFolder {
  const root = path.resolve(dir);
  if (!existsSync(root)) throw new UsageError(`no such folder '${dir}'`);
  if (!statSync(root).isDirectory()) throw new UsageError(`'${dir}' is not a folder; pass the folder that holds the specs`);
  const scan = findSpecFiles(root);
  if (scan.files.length === 0) {
    throw new UsageError(`no spec files (*.production.yaml, *.handoff.yaml, ...) under '${dir}'; run 'handoff init ${dir}' to start one`);
  }
  const workspace = new Workspace();
  const unreadable = [...scan.skipped];
  scan.files.forEach((file, index) => {
    if (progress && index % 500 === 0 && scan.files.length > 1000) progress(`Reading spec files… ${index}/${scan.files.length}`);
    let text: string;
    try {
      text = readSpecFile(file);
    } catch (error) {
      unreadable.push({ path: file, reason: reasonOf(error) });
      return;
    }
    workspace.setFile(uriOfPath(file), text, 0);
  });
  return { root, workspace, unreadable };
}
