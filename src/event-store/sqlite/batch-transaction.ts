import type Database from 'better-sqlite3';
import type { AppendResult } from '../event-store.port';
import type { EventStatements } from './event-statements';
import type { ValidAppend } from './validate-append';
import { AppendWriter } from './write-append';
import { WriterState } from './writer-state';

/** Per append of a batch: its own result, or (result undefined) its own error. */
export interface BatchOutcome {
  results: (AppendResult | undefined)[];
  errors: unknown[];
  /** The head position after COMMIT when the batch stored events, otherwise undefined. */
  committedHead: bigint | undefined;
}

/**
 * One group commit's write transaction on one connection: an IMMEDIATE transaction holding every append
 * of the batch, each written or refused on its own (see write-append.ts), then COMMIT, which with
 * synchronous=FULL returns once the batch is durable. The main thread and the commit worker each run
 * their own, on their own connection; the writer state of each is validated at the start of every
 * transaction (writer-state.ts), so they may take turns on one file.
 */
export class BatchTransaction {
  private readonly state: WriterState;
  private readonly runImmediate: (batch: readonly ValidAppend[], now: string, outcome: BatchOutcome) => boolean;

  constructor(db: Database.Database, sql: EventStatements, cachedStreamHeads: number) {
    const state = (this.state = new WriterState(sql, cachedStreamHeads));
    const writer = new AppendWriter(db, sql, state);
    this.runImmediate = db.transaction((batch: readonly ValidAppend[], now: string, outcome: BatchOutcome): boolean => {
      state.begin();
      const recordedAt = notBefore(state.lastRecordedAt, now);
      const headBefore = state.headPosition;
      for (let i = 0; i < batch.length; i++) {
        try {
          outcome.results[i] = writer.write(batch[i]!, recordedAt);
        } catch (error) {
          // Some SQLite errors (disk full, I/O) roll back the whole transaction, not just a statement;
          // carrying on would autocommit the next appends one by one, so the batch fails as a whole.
          if (!db.inTransaction) throw error;
          outcome.errors[i] = error;
        }
      }
      const wroteSomething = state.headPosition !== headBefore;
      if (wroteSomething) state.lastRecordedAt = recordedAt;
      return wroteSomething;
    }).immediate;
  }

  /**
   * Writes and commits the batch; `now` is the clock's reading for it (recordedAt never goes backwards
   * along positions, even if the clock does, so "as of T" is a prefix of $all). Throws when BEGIN or
   * COMMIT itself failed (busy beyond the timeout, disk full): then nothing of the batch is stored.
   */
  run(batch: readonly ValidAppend[], now: string): BatchOutcome {
    const outcome: BatchOutcome = {
      results: new Array<AppendResult | undefined>(batch.length),
      errors: new Array<unknown>(batch.length),
      committedHead: undefined,
    };
    try {
      if (this.runImmediate(batch, now, outcome)) outcome.committedHead = this.state.headPosition;
    } catch (error) {
      // What the writer state learnt during the transaction is not true of the file.
      this.state.forget();
      throw error;
    }
    return outcome;
  }
}

function notBefore(previous: string | undefined, now: string): string {
  return previous !== undefined && previous > now ? previous : now;
}
