import pino, { type Logger } from 'pino';

export type { Logger };

/** Structured logs to stderr, so stdout stays free for the one line `npm start` prints. */
export function createLogger(name: string, level = process.env.LOG_LEVEL ?? 'warn'): Logger {
  return pino({ name, level }, pino.destination(2));
}
