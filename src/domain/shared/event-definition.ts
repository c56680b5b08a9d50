import type { z } from 'zod';

/** An event type declared once: its name, the schema version new events are written with, and its payload. */
export interface EventDefinition<T extends string = string, S extends z.ZodType = z.ZodType> {
  readonly type: T;
  readonly schemaVersion: number;
  readonly data: S;
}

export function defineEvent<T extends string, S extends z.ZodType>(
  type: T,
  schemaVersion: number,
  data: S,
): EventDefinition<T, S> {
  return { type, schemaVersion, data };
}

/** Turns the stored payload of an older schema version into the next version's. Stored events are never rewritten. */
export interface Upcaster {
  readonly type: string;
  readonly fromVersion: number;
  upcast(data: unknown): unknown;
}

export type EventOf<D extends EventDefinition> = {
  type: D['type'];
  data: z.infer<D['data']>;
  occurredAt: string;
};
