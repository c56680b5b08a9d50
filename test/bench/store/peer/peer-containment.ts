import { describeError } from '../../support/run-writers';

export interface Contained<T> {
  value: T;
  /** Lines the peer printed with console.log (it logs every failed transaction). */
  mutedLogLines: number;
  /** Errors the peer raised outside any promise we await (e.g. a connection closed under a pending query). */
  strayErrors: number;
  firstStrayError?: string;
}

/**
 * Runs a peer scenario so that the peer's failures become figures instead of noise or a crash: its
 * console.log of each failed transaction is counted rather than printed over the table, and errors it
 * throws asynchronously outside our awaits are counted rather than ending the process.
 */
export async function containPeer<T>(run: () => Promise<T>): Promise<Contained<T>> {
  const originalLog = console.log;
  let mutedLogLines = 0;
  let strayErrors = 0;
  let firstStrayError: string | undefined;
  const onStray = (error: unknown): void => {
    strayErrors += 1;
    firstStrayError ??= describeError(error);
  };
  console.log = () => {
    mutedLogLines += 1;
  };
  process.on('uncaughtException', onStray);
  process.on('unhandledRejection', onStray);
  try {
    const value = await run();
    // Let errors from callbacks the peer left pending surface while we still listen.
    await new Promise((resolve) => setTimeout(resolve, 50));
    return { value, mutedLogLines, strayErrors, ...(firstStrayError !== undefined ? { firstStrayError } : {}) };
  } finally {
    console.log = originalLog;
    process.off('uncaughtException', onStray);
    process.off('unhandledRejection', onStray);
  }
}
