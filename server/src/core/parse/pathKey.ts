// The one encoding of a node's path as a string key (the key of a parsed
// file's spans map): its segments joined by the unit separator, the root's ''.
import type { NodePath } from '../types';

const SEP = '\u001f';
const SEP_CODE = 0x1f;

export function pathKey(path: NodePath): string {
  return path.join(SEP);
}

/**
 * Whether `text.slice(from, from + length)` is the key of `path`, told
 * without building the key (a reader that checks many paths against keys
 * it was sent allocates nothing).
 */
export function isKeyOf(path: NodePath, text: string, from: number, length: number): boolean {
  const end = from + length;
  let at = from;
  for (let index = 0; index < path.length; index++) {
    if (index > 0) {
      if (at >= end || text.charCodeAt(at) !== SEP_CODE) return false;
      at++;
    }
    const part = path[index];
    const segment = typeof part === 'string' ? part : String(part);
    if (at + segment.length > end || !text.startsWith(segment, at)) return false;
    at += segment.length;
  }
  return at === end;
}

/**
 * The key of a child of the node whose key is `parent`. The root's key is ''
 * and so is that of a root map's key named '': say which one `parent` is.
 */
export function childKey(parent: string, segment: string | number, parentIsRoot = parent === ''): string {
  return parentIsRoot ? String(segment) : `${parent}${SEP}${segment}`;
}

/** Whether a map key can be a segment as it is (a key holding the separator would read as two). */
export function plainSegment(name: string): boolean {
  return !name.includes(SEP);
}

/** The number of segments of a key (the root's, '', counts one, as a one-segment key does). */
export function keyDepth(key: string): number {
  let depth = 1;
  for (let at = key.indexOf(SEP); at >= 0; at = key.indexOf(SEP, at + 1)) depth++;
  return depth;
}
