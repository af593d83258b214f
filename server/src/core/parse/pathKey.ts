// The one encoding of a node's path as a string key (the key of a parsed
// file's spans map): its segments joined by the unit separator, the root's ''.
import type { NodePath } from '../types';

const SEP = '\u001f';

export function pathKey(path: NodePath): string {
  return path.join(SEP);
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
