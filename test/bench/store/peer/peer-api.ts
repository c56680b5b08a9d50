import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/*
 * The slice of @event-driven-io/emmett-sqlite 0.38.5 the bench calls, typed here because the peer lives in
 * its own package (test/bench/peer) that the service's type-check must not depend on. Checked against the
 * package's dist/index.d.ts: getSQLiteEventStore({ fileName }), appendToStream(stream, events,
 * { expectedStreamVersion }), and, for `$all`, readMessagesBatch(sqliteConnection({ fileName }),
 * { after, batchSize }). Emmett's stream versions count events: 0n is "no stream yet", n after n events.
 */

export interface PeerEvent {
  type: string;
  data: Record<string, unknown>;
  metadata?: Record<string, unknown>;
}

export interface PeerReadEvent extends PeerEvent {
  metadata: Record<string, unknown> & { globalPosition: bigint; streamPosition: bigint; streamName: string };
}

export interface PeerAppendResult {
  nextExpectedStreamVersion: bigint;
  lastEventGlobalPosition: bigint;
  createdNewStream: boolean;
}

export interface PeerEventStore {
  appendToStream(streamName: string, events: PeerEvent[], options?: { expectedStreamVersion?: bigint }): Promise<PeerAppendResult>;
}

export interface PeerConnection {
  close(): void;
  querySingle<T>(sql: string, values?: unknown[]): Promise<T | null>;
}

export interface PeerReadBatch {
  currentGlobalPosition: bigint;
  messages: PeerReadEvent[];
  areEventsLeft: boolean;
}

export interface PeerModule {
  getSQLiteEventStore(options: { fileName: string }): PeerEventStore;
  sqliteConnection(options: { fileName: string }): PeerConnection;
  readMessagesBatch(db: PeerConnection, options: { after: bigint; batchSize: number }): Promise<PeerReadBatch>;
}

export interface LoadedPeer {
  api: PeerModule;
  versions: Record<string, string>;
}

const PACKAGES = ['@event-driven-io/emmett-sqlite', '@event-driven-io/emmett', 'sqlite3'] as const;

/** Loads the peer from its own package's node_modules (CommonJS build), never from the service's. */
export function loadPeer(peerDir: string): LoadedPeer {
  const requireFromPeer = createRequire(join(peerDir, 'package.json'));
  const api = requireFromPeer('@event-driven-io/emmett-sqlite') as PeerModule;
  for (const name of ['getSQLiteEventStore', 'sqliteConnection', 'readMessagesBatch'] as const) {
    if (typeof api[name] !== 'function') throw new Error(`@event-driven-io/emmett-sqlite has no ${name}()`);
  }
  const versions: Record<string, string> = {};
  for (const name of PACKAGES) {
    const manifest = join(peerDir, 'node_modules', name, 'package.json');
    versions[name] = (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
  }
  return { api, versions };
}

export const PEER_PACKAGES = PACKAGES;
