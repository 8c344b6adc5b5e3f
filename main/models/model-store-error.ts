// The one error type the model store throws, and the retryable wrapper its downloads use internally.

export type ModelStoreErrorCode = 'missing' | 'offline' | 'checksum' | 'http' | 'aborted' | 'invalid' | 'io';

/** Every failure of the store, with a message written for the person running the studio. */
export class ModelStoreError extends Error {
  override readonly name = 'ModelStoreError';
  /** The model file concerned, when one is (a checksum failure, an HTTP error on a file). */
  readonly file: string | null;
  /** The HTTP status, for code `http`. */
  readonly status: number | null;

  constructor(
    readonly code: ModelStoreErrorCode,
    message: string,
    readonly modelId: string | null = null,
    details: { file?: string; status?: number; cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.file = details.file ?? null;
    this.status = details.status ?? null;
  }
}

/** A failure worth another attempt; `final` is what the caller sees once attempts run out. */
export class RetryableError extends Error {
  constructor(readonly final: ModelStoreError) {
    super(final.message);
  }
}

/** The short reason of a low-level failure: its system error code when it has one (ECONNREFUSED, ENOSPC). */
export function errorReason(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: unknown }).cause;
    const code = (cause as { code?: unknown } | undefined)?.code ?? (error as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    if (cause instanceof Error && cause.message) return cause.message;
    return error.message;
  }
  return String(error);
}
