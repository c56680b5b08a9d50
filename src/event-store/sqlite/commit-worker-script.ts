import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { CommitWorkerData } from './commit-worker';

/**
 * Starts commit-worker as a thread. Built (dist/, dist-bench/), it is the .js file beside this one. Run
 * from the TypeScript sources (vitest, the test fixtures' child processes), a worker thread has none of
 * the parent's module hooks, so it registers a .ts loader first with @swc/core, the compiler vitest
 * already uses (a dev dependency; a build never takes this route).
 */
export function startCommitWorker(data: CommitWorkerData): Worker {
  if (!__filename.endsWith('.ts')) return new Worker(join(__dirname, 'commit-worker.js'), { workerData: data });
  const require = createRequire(__filename);
  const swc = require.resolve('@swc/core');
  // Loaded here too, so that the native addon stays loaded for the life of the process: a second worker
  // loading it after the first one exited crashes the process otherwise.
  require(swc);
  const entry = join(__dirname, 'commit-worker.ts');
  const source = `
    const fs = require('node:fs');
    const Module = require('node:module');
    const { transformSync } = require(${JSON.stringify(swc)});
    Module._extensions['.ts'] = function compileTypeScript(module, filename) {
      const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
        filename, swcrc: false, sourceMaps: 'inline', module: { type: 'commonjs' },
        jsc: { target: 'es2022', parser: { syntax: 'typescript' } },
      });
      module._compile(code, filename);
    };
    require(${JSON.stringify(entry)});
  `;
  return new Worker(source, { eval: true, workerData: data });
}
