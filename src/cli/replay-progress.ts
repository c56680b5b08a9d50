import { Presets, SingleBar } from 'cli-progress';
import type { CliStream } from './cli-io';

export interface ProgressReporter {
  /** `reached` is the $all position covered; `events` how many events were read so far. */
  update(reached: bigint, events: number): void;
  /** Work after the events were read, which no count measures (key indexes being created): said as it starts. */
  phase(text: string): void;
  stop(reached: bigint, events: number): void;
}

export interface ProgressOptions {
  label: string;
  total: bigint;
  /** Plain mode (stderr not a terminal): one line at most this often. Default 3000 ms. */
  intervalMs?: number;
  now?: () => number;
}

/** A progress bar with events/s and ETA on a terminal; a plain line every few seconds otherwise (logs, CI). */
export function progressReporter(stream: CliStream, options: ProgressOptions): ProgressReporter {
  return stream.isTTY ? barReporter(stream, options) : lineReporter(stream, options);
}

function barReporter(stream: CliStream, options: ProgressOptions): ProgressReporter {
  const now = options.now ?? Date.now;
  const startedAt = now();
  const bar = new SingleBar(
    {
      format: `${options.label} [{bar}] {percentage}% | {value}/{total} positions | {speed} events/s | ETA {eta_formatted}{phase}`,
      stream: stream as NodeJS.WritableStream,
      hideCursor: true,
      etaBuffer: 50,
    },
    Presets.shades_classic,
  );
  bar.start(Number(options.total), 0, { speed: 0, phase: '' });
  const speed = (events: number) => Math.round(events / Math.max((now() - startedAt) / 1000, 1e-3));
  return {
    update: (reached, events) => bar.update(Number(reached), { speed: speed(events) }),
    phase: (text) => bar.update({ phase: ` | ${text}` }),
    stop(reached, events) {
      bar.update(Number(reached), { speed: speed(events) });
      bar.stop();
    },
  };
}

function lineReporter(stream: CliStream, options: ProgressOptions): ProgressReporter {
  const now = options.now ?? Date.now;
  const interval = options.intervalMs ?? 3000;
  const startedAt = now();
  let lastLine = startedAt;
  const line = (reached: bigint, events: number): string => {
    const seconds = Math.max((now() - startedAt) / 1000, 1e-3);
    const total = Number(options.total);
    const done = Number(reached);
    const rate = events / seconds;
    const positionsPerSecond = done / seconds;
    const percent = total > 0 ? Math.floor((done / total) * 100) : 100;
    const eta = positionsPerSecond > 0 ? Math.ceil((total - done) / positionsPerSecond) : undefined;
    return `${options.label}: position ${done} of ${total} (${percent}%), ${events} events, ${Math.round(rate)} events/s, ETA ${eta === undefined ? '?' : `${eta}s`}\n`;
  };
  return {
    update(reached, events) {
      if (now() - lastLine < interval) return;
      lastLine = now();
      stream.write(line(reached, events));
    },
    phase(text) {
      stream.write(`${options.label}: ${text}\n`);
    },
    stop(reached, events) {
      stream.write(line(reached, events));
    },
  };
}
