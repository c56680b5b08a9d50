import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The service's package root, found upward from the compiled file so the runner works from any cwd. */
export function findRepoRoot(from: string): string {
  let dir = from;
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const name = (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name;
      if (name === 'partnership-ledger') return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no partnership-ledger package.json above ${from}`);
    dir = parent;
  }
}
