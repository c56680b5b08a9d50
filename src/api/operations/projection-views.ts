import { z } from 'zod';
import type { ProjectionStatus } from '../../projection-engine';

const FailureSchema = z.object({
  code: z.string(),
  message: z.string(),
  eventId: z.string().optional(),
  position: z.string().optional(),
});

export const ProjectionStatusSchema = z.object({
  name: z.string(),
  version: z.number().int(),
  generation: z.number().int().nullable(),
  /** Decimal string: every event at or before it is in the serving read model. */
  checkpoint: z.string(),
  /** Decimal string: head of $all − checkpoint. */
  lag: z.string(),
  status: z.enum(['catching-up', 'live', 'rebuilding', 'failed', 'stopped']),
  error: FailureSchema.optional(),
  rebuildJobId: z.string().optional(),
});
export type ProjectionStatusView = z.infer<typeof ProjectionStatusSchema>;

export const RebuildAcceptedSchema = z.object({ jobId: z.string() });

export const JobProgressSchema = z.object({
  jobId: z.string(),
  kind: z.literal('rebuild'),
  projections: z.array(z.string()),
  state: z.enum(['running', 'completed', 'failed', 'cancelled']),
  /** $all positions covered so far, and the head to reach. */
  processed: z.number(),
  total: z.number(),
  eventsPerSecond: z.number(),
  etaSeconds: z.number().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  error: FailureSchema.optional(),
});

export function projectionStatusView(status: ProjectionStatus): ProjectionStatusView {
  const view: ProjectionStatusView = {
    name: status.name,
    version: status.version,
    generation: status.generation,
    checkpoint: status.checkpoint.toString(),
    lag: status.lag.toString(),
    status: status.status,
  };
  if (status.error) view.error = status.error;
  if (status.rebuildJobId !== undefined) view.rebuildJobId = status.rebuildJobId;
  return view;
}
