// `files.exclude`-style glob patterns as a predicate over absolute paths under a folder.
import * as path from 'node:path';
import picomatch from 'picomatch';

export function excludeMatcher(root: string, patterns: readonly string[]): (absolutePath: string) => boolean {
  if (patterns.length === 0) return () => false;
  const matches = picomatch(patterns.map((pattern) => pattern.replace(/^\.\//, '').replace(/\/$/, '')), { dot: true });
  return (absolutePath) => {
    const relative = path.relative(root, absolutePath).split(path.sep).join('/');
    return matches(relative) || matches(path.posix.basename(relative));
  };
}
