import { createHash } from 'node:crypto';
import { canonicalJson } from '../event-store/canonical-json';
import type { ProjectionDefinition } from './projection-definition';

/**
 * What a stored read model was built with; any difference from the running definition means rebuild. The
 * event types are part of it: a projection that starts reading a new type must see that type's past events too.
 * So are the collections, which lay its tables out (a read model built before they were declared has none in
 * its fingerprint, and is rebuilt into tables of its collections).
 */
export function fingerprintOf(definition: ProjectionDefinition): string {
  const types = shortHash([...definition.eventTypes].sort().join(','));
  const collections = shortHash(canonicalJson(definition.collections));
  const parameters = definition.parameters ? ` ${canonicalJson(definition.parameters)}` : '';
  return `v${definition.version} types:${types} collections:${collections}${parameters}`;
}

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}
