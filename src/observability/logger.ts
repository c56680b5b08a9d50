import pino, { type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from '../config/config.schema';

/** The service's one pino logger (JSON lines): Fastify's request logs and Nest's logs both go through it. */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'partnership-ledger' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: ['req.headers.authorization', 'headers.authorization'], censor: '[redacted]' },
    },
    destination,
  );
}
