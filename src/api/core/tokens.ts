/** Injection tokens of the ledger's core services (LedgerCoreModule provides them globally). */
export const CONFIG = 'LEDGER_CONFIG';
/** The EventStore port (src/event-store/event-store.port.ts), sqlite or esdb by configuration. */
export const EVENT_STORE = 'LEDGER_EVENT_STORE';
/** better-sqlite3 Database of LEDGER_READ_DB: read models, checkpoints and idempotency keys. */
export const READ_DB = 'LEDGER_READ_DB';
