import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Progress } from '../../support/progress';
import { PEER_PACKAGES } from './peer-api';

/**
 * Installs the peer on first use with `npm ci` from its own lock file. It compiles sqlite3 from source
 * (about a minute), which is why it is not part of the service's install. npm's output goes to stderr so
 * stdout keeps only the tables.
 */
export function ensurePeerInstalled(peerDir: string, progress: Progress): { installed: boolean; error?: string } {
  if (peerIsInstalled(peerDir)) return { installed: true };
  progress.step(`installing the peer: npm ci --prefix ${peerDir} (compiles sqlite3, about a minute)`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const run = spawnSync(npm, ['ci', '--prefix', peerDir, '--no-audit', '--no-fund'], {
    stdio: ['ignore', process.stderr, process.stderr],
  });
  if (run.error) return { installed: false, error: `npm ci failed to start: ${run.error.message}` };
  if (run.status !== 0) return { installed: false, error: `npm ci --prefix ${peerDir} exited with ${run.status}` };
  if (!peerIsInstalled(peerDir)) return { installed: false, error: 'npm ci finished but the peer packages are missing' };
  return { installed: true };
}

function peerIsInstalled(peerDir: string): boolean {
  const modules = join(peerDir, 'node_modules');
  if (!PEER_PACKAGES.every((name) => existsSync(join(modules, name, 'package.json')))) return false;
  try {
    // The native binding is what a half-finished install lacks.
    createRequire(join(peerDir, 'package.json'))('sqlite3');
    return true;
  } catch {
    return false;
  }
}
