import { fork } from 'node:child_process';
import { join } from 'node:path';
import type { ChildMessage, RebuildReport, RebuildRequest } from './rebuild-protocol';

export interface RebuildRun {
  request: RebuildRequest;
  /** Directory for a V8 CPU profile of the child (`--cpu-prof`), when asked for. */
  cpuProfileDir: string | undefined;
}

/** Runs the rebuild in a child process (see rebuild-child.ts) and returns its report. */
export function runRebuild({ request, cpuProfileDir }: RebuildRun): Promise<RebuildReport> {
  const execArgv = cpuProfileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`];
  const child = fork(join(__dirname, 'rebuild-child.js'), [JSON.stringify(request)], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    let answer: ChildMessage | undefined;
    child.on('message', (message) => {
      answer = message as ChildMessage;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (answer?.ok) resolve(answer.report);
      else if (answer) reject(new Error(`rebuild failed: ${answer.error}`));
      else reject(new Error(`rebuild child exited with ${signal ?? code} before reporting`));
    });
  });
}
