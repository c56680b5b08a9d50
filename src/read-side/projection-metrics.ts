import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { LedgerMetrics } from '../observability/metrics';
import { ProjectionEngine, type ProjectionStatus } from '../projection-engine';

const RUN_STATES: ReadonlyArray<ProjectionStatus['status']> = ['catching-up', 'live', 'rebuilding', 'failed', 'stopped'];

/** Per-projection lag, checkpoint and state in /metrics, read from the engine when Prometheus scrapes. */
@Injectable()
export class ProjectionMetrics implements OnModuleInit {
  constructor(
    private readonly engine: ProjectionEngine,
    private readonly metrics: LedgerMetrics,
  ) {}

  onModuleInit(): void {
    const engine = this.engine;
    const registers = [this.metrics.registry];
    const statuses = (): Promise<ProjectionStatus[]> => engine.status();
    new Gauge({
      name: 'ledger_projection_lag',
      help: 'Events of $all not yet reflected in the projection (head − checkpoint)',
      labelNames: ['projection'],
      registers,
      async collect() {
        for (const s of await statuses()) this.set({ projection: s.name }, Number(s.lag));
      },
    });
    new Gauge({
      name: 'ledger_projection_checkpoint',
      help: 'Global position the projection’s serving read model has reached',
      labelNames: ['projection'],
      registers,
      async collect() {
        for (const s of await statuses()) this.set({ projection: s.name }, Number(s.checkpoint));
      },
    });
    new Gauge({
      name: 'ledger_projection_state',
      help: '1 for the state the projection is in, 0 for the others',
      labelNames: ['projection', 'state'],
      registers,
      async collect() {
        for (const s of await statuses()) {
          for (const state of RUN_STATES) this.set({ projection: s.name, state }, s.status === state ? 1 : 0);
        }
      },
    });
  }
}
