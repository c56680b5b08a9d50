import { describe, expect, it } from 'vitest';
import { ReadSideProgress } from '../../src/api/read-side/read-side-progress';
import type { Config } from '../../src/config/config.schema';
import type { EventStore } from '../../src/event-store/event-store.port';
import type { ProjectionAvailability, ProjectionEngine } from '../../src/projection-engine';
import { ReadModels } from '../../src/read-side/read-models';

/** The engine's side (which read models are current) is tested in projection-engine.test.ts; this is the query edge. */
function readModelsOver(availability: ProjectionAvailability): ReadModels {
  const engine = {
    availability: () => availability,
    reader: () => ({ get: () => ({ served: true }), list: () => [] }),
  } as unknown as ProjectionEngine;
  return new ReadModels(engine, new ReadSideProgress(), {} as EventStore, {} as Config);
}

describe('queries on a read model that is not current', () => {
  it('are answered from a current read model', () => {
    expect(readModelsOver({ available: true }).reader('commissions').get('c', 'k')).toEqual({ served: true });
  });

  it('are refused with 503 READ_MODEL_REBUILDING while a new version is rebuilt, naming the job', () => {
    const refused = () => readModelsOver({ available: false, reason: 'other-version', rebuildJobId: 'job-7' }).reader('audit-trail');
    expect(refused).toThrow(expect.objectContaining({ status: 503, code: 'READ_MODEL_REBUILDING', details: { projection: 'audit-trail', jobId: 'job-7' } }));
  });

  it('are refused with 503 READ_MODEL_FAILED when a failure stopped the read model, with the failure', () => {
    const error = { code: 'PROJECTION_HANDLER_FAILED', message: 'boom', position: '12' };
    const refused = () => readModelsOver({ available: false, reason: 'failed', error }).reader('commissions');
    expect(refused).toThrow(expect.objectContaining({ status: 503, code: 'READ_MODEL_FAILED', details: { projection: 'commissions', error } }));
  });
});
