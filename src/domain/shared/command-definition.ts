import { z } from 'zod';
import { InstantSchema } from './identifiers';

/**
 * A decider command declared once, like an event: its name, a schema version, and a schema whose `type` is the
 * name. Commands are never stored, so nothing parses them on the way in: the schema is the single source of the
 * TypeScript type (and of a check where one is wanted). Every command carries its business time, resolved by
 * the handler, as every event does.
 */
export interface CommandDefinition<T extends string = string, S extends z.ZodObject = z.ZodObject> {
  readonly type: T;
  readonly schemaVersion: number;
  readonly schema: S;
}

export function defineCommand<T extends string, F extends z.ZodRawShape>(type: T, schemaVersion: number, fields: F) {
  const schema = z.object({ type: z.literal(type), ...fields, occurredAt: InstantSchema });
  return { type, schemaVersion, schema } satisfies CommandDefinition<T, typeof schema>;
}

export type CommandOf<D extends CommandDefinition> = z.infer<D['schema']>;

/** The envelope (business time, reason) of a request body is resolved by the handler, not passed on as is. */
export function withoutEnvelope<S extends z.ZodRawShape>(body: z.ZodObject<S>): Omit<S, 'occurredAt' | 'reason'> {
  const { occurredAt: _occurredAt, reason: _reason, ...fields } = body.shape;
  return fields;
}
