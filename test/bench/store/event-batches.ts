import type { NewEvent } from '../../../src/event-store/event-store.port';
import { referralConverted } from './ledger-event';

/**
 * Inputs are generated before the clock starts (ids, timestamps), so every subject pays only for its own
 * work: encoding, hashing, writing. `batches[w][i]` is the i-th event of writer w.
 */
export function eventsPerWriter(writers: number, perWriter: number): NewEvent[][] {
  return Array.from({ length: writers }, (_, w) => Array.from({ length: perWriter }, (_, i) => referralConverted(w, i)));
}
