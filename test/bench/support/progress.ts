/**
 * Progress on stderr, so stdout keeps only the tables. Long steps report at most every `intervalMs`, which
 * keeps the cost of reporting out of the figures.
 */
export class Progress {
  private lastTick = 0;

  constructor(
    private readonly enabled: boolean,
    private readonly intervalMs = 2_000,
  ) {}

  step(message: string): void {
    if (this.enabled) process.stderr.write(`[bench] ${message}\n`);
  }

  /** Throttled: call it as often as you like inside a loop. */
  tick(label: string, done: number, total: number, startedNs: bigint): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.lastTick < this.intervalMs) return;
    this.lastTick = now;
    const seconds = Number(process.hrtime.bigint() - startedNs) / 1e9;
    const rate = seconds > 0 ? Math.round(done / seconds) : 0;
    process.stderr.write(`[bench]   ${label}: ${done}/${total} (${seconds.toFixed(1)}s, ${rate}/s)\n`);
  }
}
