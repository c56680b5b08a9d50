import type { z } from 'zod';
import type { EventDefinition } from '../../src/domain/shared/event-definition';
import type { ProjectionEvent } from '../../src/projection-engine/projection-definition';

/**
 * The payload of an event whose type the caller has just switched on. No parse: the store only holds events
 * that passed their schema when appended, and the engine has upcast them, so this is a type view, not a check.
 */
export function dataOf<D extends EventDefinition>(_definition: D, event: ProjectionEvent): z.infer<D['data']> {
  return event.data as z.infer<D['data']>;
}
