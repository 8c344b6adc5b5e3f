// The one error shape that crosses every boundary: window.studio, the browser bridge and socket.io acks.
// Errors travel as plain data (contextBridge and JSON both drop Error subclasses), and become a
// StudioError again on the side that wants to throw.
import { z } from 'zod';

export const ERROR_CODES = [
  'invalid_argument',
  'unknown_method',
  'forbidden',
  'unauthenticated',
  'not_found',
  'rate_limited',
  /** A cap per person or per room is reached (sockets, transports, consumers). */
  'capacity',
  /** The thing changed since the client saw it (a stale price or stock edit); the error says its value now. */
  'conflict',
  'unavailable',
  'timeout',
  'internal',
] as const;
export const ErrorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

export const ErrorIssueSchema = z.object({ path: z.string(), message: z.string() });
export type ErrorIssue = z.infer<typeof ErrorIssueSchema>;

export const ProtocolErrorSchema = z.object({
  code: ErrorCodeSchema,
  message: z.string(),
  issues: z.array(ErrorIssueSchema).optional(),
});
export type ProtocolError = z.infer<typeof ProtocolErrorSchema>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: ProtocolError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, message: string, issues?: ErrorIssue[]): Result<never> => ({
  ok: false,
  error: issues && issues.length > 0 ? { code, message, issues } : { code, message },
});

export class StudioError extends Error {
  override readonly name = 'StudioError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues: ErrorIssue[] = [],
  ) {
    super(message);
  }

  toJSON(): ProtocolError {
    return this.issues.length > 0
      ? { code: this.code, message: this.message, issues: this.issues }
      : { code: this.code, message: this.message };
  }
}

/** Turns zod's issues into short `path: message` pairs a person can read. */
export function issuesFrom(error: z.ZodError): ErrorIssue[] {
  return error.issues.slice(0, 20).map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
}

/** Validates untrusted input, throwing a typed invalid_argument error that names every bad field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issues = issuesFrom(parsed.error);
    throw new StudioError(
      'invalid_argument',
      `Invalid ${what}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
      issues,
    );
  }
  return parsed.data;
}

/** Any thrown value as a ProtocolError; unknown failures are reported as internal without their details. */
export function toProtocolError(error: unknown): ProtocolError {
  if (error instanceof StudioError) return error.toJSON();
  return { code: 'internal', message: 'Internal error' };
}

export function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  throw new StudioError(result.error.code, result.error.message, result.error.issues ?? []);
}
