import pino, { type Logger } from 'pino';

export type { Logger };

export function createLogger(name: string, level = process.env.LOG_LEVEL ?? 'warn'): Logger {
  return pino({ name, level }, pino.destination(2));
}
