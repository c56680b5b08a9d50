import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The service's Prometheus registry (one per app, so several apps in one test process do not clash). Other
 * modules add their own metrics to `registry`, e.g. projection-lag gauges.
 */
export class LedgerMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'method' | 'route' | 'status'>;
  private readonly durations: Histogram<'method' | 'route' | 'status'>;
  private headPositionSource: (() => Promise<bigint>) | undefined;

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    this.requests = new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests answered, by method, route template and status',
      labelNames: ['method', 'route', 'status'],
      registers: [this.registry],
    });
    this.durations = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration, by method, route template and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
    const metrics = this;
    new Gauge({
      name: 'ledger_head_position',
      help: 'Global position of the last event in the event store',
      registers: [this.registry],
      async collect() {
        const source = metrics.headPositionSource;
        if (source) this.set(Number(await source()));
      },
    });
  }

  /** `route` is the route template (/v1/partners/:id), never the raw URL, to keep label cardinality bounded. */
  observeHttp(method: string, route: string, status: number, seconds: number): void {
    const labels = { method, route, status: String(status) };
    this.requests.inc(labels);
    this.durations.observe(labels, seconds);
  }

  setHeadPositionSource(source: () => Promise<bigint>): void {
    this.headPositionSource = source;
  }

  contentType(): string {
    return this.registry.contentType;
  }
}
