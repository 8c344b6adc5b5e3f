// A failed backend request as a page shows it: the error's code (translated) and what the backend said.
import { StudioError, type ErrorCode } from '../../core/protocol/result';

export interface Problem {
  code: ErrorCode;
  message: string;
}

export const problemOf = (error: unknown): Problem =>
  error instanceof StudioError
    ? { code: error.code, message: error.message }
    : { code: 'internal', message: error instanceof Error ? error.message : String(error) };
