import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * One temp directory per run; every scenario asks for a fresh database file in it. The directory is on the
 * same file system as the OS temp dir, so fsync costs what it costs there (check `df -T` if figures look
 * too good: a tmpfs makes durability free).
 */
export class TempFiles {
  readonly dir: string;
  private counter = 0;

  constructor(private readonly keep: boolean) {
    this.dir = mkdtempSync(join(tmpdir(), 'ledger-bench-'));
  }

  freshDatabase(name: string): string {
    this.counter += 1;
    return join(this.dir, `${String(this.counter).padStart(2, '0')}-${name}.db`);
  }

  cleanup(): void {
    if (!this.keep) rmSync(this.dir, { recursive: true, force: true });
  }
}
