import type { EventStatements, StreamHead } from './event-statements';

/**
 * What this connection knows of the end of the log between its own write transactions: the head
 * position, the last recordedAt, and the heads (revision and hash) of the streams it touched lately, so
 * an append needs no query to find where its rows go or what its first hash chains to.
 *
 * It is authoritative only while nobody else has written. `PRAGMA data_version` changes exactly when
 * another connection has committed (another process, or another store on the same file) and never for
 * this connection's own commits; it is read at the start of every write transaction, under the write
 * lock, so nothing can change the file between that check and COMMIT. A transaction that does not commit
 * may leave rows here that are not in the file: `forget()` drops everything, and the next transaction
 * reloads from the file.
 */
export class WriterState {
  headPosition = 0n;
  lastRecordedAt: string | undefined;
  private dataVersion: bigint | undefined;
  /** null: the stream is known not to exist. Insertion order doubles as eviction order. */
  private readonly heads = new Map<string, StreamHead | null>();

  constructor(
    private readonly sql: EventStatements,
    /** 0 keeps none: every append reads its stream's head from the file. */
    private readonly maxStreams: number,
  ) {}

  /** First thing inside every write transaction. */
  begin(): void {
    const version = this.sql.dataVersion();
    if (version === this.dataVersion) return;
    this.heads.clear();
    this.headPosition = this.sql.headPosition();
    this.lastRecordedAt = this.sql.lastRecordedAt();
    this.dataVersion = version;
  }

  /** True once a write transaction has read the file's state and nothing has been forgotten since. */
  get loaded(): boolean {
    return this.dataVersion !== undefined;
  }

  /** After a write transaction that did not commit. */
  forget(): void {
    this.dataVersion = undefined;
    this.heads.clear();
  }

  /** The stream's last revision and hash, null when it has no event. */
  streamHead(streamId: string): StreamHead | null {
    let head = this.heads.get(streamId);
    if (head === undefined) {
      head = this.sql.streamHead(streamId) ?? null;
      this.remember(streamId, head);
    }
    return head;
  }

  /** Records rows this transaction has just inserted. */
  appended(streamId: string, revision: bigint, hash: string, position: bigint): void {
    this.remember(streamId, { revision, hash });
    this.headPosition = position;
  }

  /** Drops what is known of one stream, so that its head is read from the file next time. */
  forgetStream(streamId: string): void {
    this.heads.delete(streamId);
  }

  private remember(streamId: string, head: StreamHead | null): void {
    if (this.maxStreams === 0) return;
    if (!this.heads.has(streamId) && this.heads.size >= this.maxStreams) {
      const oldest = this.heads.keys().next();
      if (!oldest.done) this.heads.delete(oldest.value);
    }
    this.heads.set(streamId, head);
  }
}
