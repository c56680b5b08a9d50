import { createHash } from 'node:crypto';
import { canonicalJson } from '../event-store/canonical-json';
import type { ProjectionDefinition } from './projection-definition';

/**
 * What a stored read model was built with; any difference from the running definition means rebuild. The
 * event types are part of it: a projection that starts reading a new type must see that type's past events too.
 */
export function fingerprintOf(definition: ProjectionDefinition): string {
  const types = createHash('sha256').update([...definition.eventTypes].sort().join(',')).digest('hex').slice(0, 12);
  const parameters = definition.parameters ? ` ${canonicalJson(definition.parameters)}` : '';
  return `v${definition.version} types:${types}${parameters}`;
}
