// Where a thing is written, as zero-based line/character (UTF-16) positions:
// the shape of an LSP Location, built without LSP so that views fed to a
// webview or printed by the CLI can point back at the YAML.
import { spanOf } from '../parse';
import type { ProductionModel } from '../production';
import type { Entity } from '../specs';
import type { Span } from '../types';

export interface SourcePosition {
  line: number;
  character: number;
}

export interface SourceRange {
  start: SourcePosition;
  end: SourcePosition;
}

export interface SourceRef {
  uri: string;
  range: SourceRange;
}

/** The span of a file of the production as a line/character range; the file's start when the production does not hold it. */
export function sourceRef(production: ProductionModel, uri: string, span: Span): SourceRef {
  const lines = production.file(uri)?.parsed.lines;
  if (!lines) return { uri, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
  return { uri, range: { start: lines.positionAt(span.start), end: lines.positionAt(span.end) } };
}

/**
 * Where an entity is named: the value of its id key (`id`, or `template`,
 * `runbook`, `production` for the file-level ones), else the entity itself.
 */
export function entitySourceRef(production: ProductionModel, entity: Entity, idKey = 'id'): SourceRef {
  const file = production.file(entity.uri);
  if (!file) return sourceRef(production, entity.uri, { start: 0, end: 0 });
  return sourceRef(production, entity.uri, spanOf(file.parsed, [...entity.path, idKey]));
}
