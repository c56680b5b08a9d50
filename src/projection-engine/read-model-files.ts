import { rmSync } from 'node:fs';

/**
 * Where a projection kept in a file of its own lives: beside the main read-model file, named after both
 * (`read-models.db` → `read-models.audit-trail.db`). In memory, an attached in-memory database.
 */
export function ownFileOf(mainPath: string, projection: string): string {
  if (mainPath === ':memory:' || mainPath === '') return ':memory:';
  const stem = mainPath.endsWith('.db') ? mainPath.slice(0, -3) : mainPath;
  return `${stem}.${projection}.db`;
}

/**
 * Every file of a read-model database: the main one (unless `mainFile: false`), the projections' own, and
 * their WAL and shared memory.
 */
export function readModelFiles(mainPath: string, ownFiles: readonly string[], options: { mainFile?: boolean } = {}): string[] {
  const files = [...(options.mainFile === false ? [] : [mainPath]), ...ownFiles.map((name) => ownFileOf(mainPath, name))];
  return files.flatMap((file) => [file, `${file}-wal`, `${file}-shm`]);
}

/**
 * Removes a read-model database with its own files (a replay's output replaced with --force), or with
 * `mainFile: false` only the named projections' own files (projections that no longer have one).
 */
export function removeReadModelFiles(mainPath: string, ownFiles: readonly string[], options: { mainFile?: boolean } = {}): void {
  for (const file of readModelFiles(mainPath, ownFiles, options)) rmSync(file, { force: true });
}
