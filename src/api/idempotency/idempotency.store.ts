import type Database from 'better-sqlite3';

export type Reservation =
  | { kind: 'reserved' }
  | { kind: 'replay'; status: number; body: string }
  | { kind: 'reused' }
  | { kind: 'in_flight' };

interface Row {
  request_hash: string;
  state: 'in_flight' | 'done';
  status: number | null;
  body: string | null;
  reserved_at: number;
}

/**
 * Idempotency keys in the read-side SQLite file, so a replay is recognised after a restart. Keys are scoped
 * per principal: one caller's key can neither collide with nor reveal another caller's answer.
 *
 * A key is reserved (in_flight) before its command runs and completed with the answer after; a failed command
 * releases it so the caller may retry. A reservation older than the lease belongs to a process that died
 * mid-request and may be taken over.
 */
export class IdempotencyStore {
  private readonly select: Database.Statement<[string, string], Row>;
  private readonly insert: Database.Statement<[string, string, string, number]>;
  private readonly takeOver: Database.Statement<[number, string, string, number]>;
  private readonly finish: Database.Statement<[number, string, number, string, string, string]>;
  private readonly remove: Database.Statement<[string, string, string]>;

  constructor(
    private readonly db: Database.Database,
    private readonly leaseMs = 60_000,
  ) {
    db.exec(`CREATE TABLE IF NOT EXISTS idempotency_keys (
      principal_id TEXT NOT NULL,
      idem_key TEXT NOT NULL,
      request_hash TEXT NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('in_flight', 'done')),
      status INTEGER,
      body TEXT,
      reserved_at INTEGER NOT NULL,
      completed_at INTEGER,
      PRIMARY KEY (principal_id, idem_key)
    ) WITHOUT ROWID`);
    this.select = db.prepare(
      'SELECT request_hash, state, status, body, reserved_at FROM idempotency_keys WHERE principal_id = ? AND idem_key = ?',
    );
    this.insert = db.prepare(
      "INSERT INTO idempotency_keys (principal_id, idem_key, request_hash, state, reserved_at) VALUES (?, ?, ?, 'in_flight', ?)",
    );
    this.takeOver = db.prepare(
      "UPDATE idempotency_keys SET reserved_at = ? WHERE principal_id = ? AND idem_key = ? AND state = 'in_flight' AND reserved_at = ?",
    );
    this.finish = db.prepare(
      "UPDATE idempotency_keys SET state = 'done', status = ?, body = ?, completed_at = ? WHERE principal_id = ? AND idem_key = ? AND request_hash = ?",
    );
    this.remove = db.prepare(
      "DELETE FROM idempotency_keys WHERE principal_id = ? AND idem_key = ? AND request_hash = ? AND state = 'in_flight'",
    );
  }

  reserve(principalId: string, key: string, requestHash: string, now = Date.now()): Reservation {
    // IMMEDIATE takes the write lock first, so two processes sharing the file cannot both reserve the key.
    return this.db
      .transaction((): Reservation => {
        const row = this.select.get(principalId, key);
        if (!row) {
          this.insert.run(principalId, key, requestHash, now);
          return { kind: 'reserved' };
        }
        if (row.request_hash !== requestHash) return { kind: 'reused' };
        if (row.state === 'done') return { kind: 'replay', status: row.status ?? 200, body: row.body ?? 'null' };
        if (now - row.reserved_at >= this.leaseMs) {
          this.takeOver.run(now, principalId, key, row.reserved_at);
          return { kind: 'reserved' };
        }
        return { kind: 'in_flight' };
      })
      .immediate();
  }

  complete(principalId: string, key: string, requestHash: string, status: number, body: string, now = Date.now()): void {
    this.finish.run(status, body, now, principalId, key, requestHash);
  }

  release(principalId: string, key: string, requestHash: string): void {
    this.remove.run(principalId, key, requestHash);
  }
}
