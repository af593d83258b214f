// The one way in to parsing a spec file: parseSpecText. Three roads give the
// same answer (value, spans, findings, suppressions), and the fastest that can
// read the text is taken:
//   lineScan.ts  one pass over the lines, for specs written the usual way;
//   cst.ts       yaml's concrete syntax tree, for the rest of plain YAML;
//   full.ts      yaml's composed Document, for anything else (and every error).
// test/unit/quickParse.test.ts holds the roads to that promise.
import { quickParseSpecFile } from './cst';
import type { ParsedFile } from './file';
import { parseSpecFile } from './full';
import type { FileKind } from '../types';

export { fileKindOf, firstContentSpan, MAX_SPEC_FILE_BYTES, skipReason, spanOf, type ParsedFile, type Suppression } from './file';
export { isKeyOf, keyDepth, pathKey } from './pathKey';
export { commaSplits, flowEntries, isPlainText, quotedText } from './flowText';

/** A spec file's text parsed the fastest way that gives parseSpecFile's answer: the fast roads, else the full parse. */
export function parseSpecText(uri: string, text: string, version: number, kind: FileKind): ParsedFile {
  return quickParseSpecFile(uri, text, version, kind) ?? parseSpecFile(uri, text, version, kind);
}
