// One place that turns failures into HTTP answers: our own HttpError, and PostgreSQL errors by
// SQLSTATE (the SQL functions raise with deliberate codes), everything else a 500.
import { errorResponse } from './http.ts';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

interface PgLikeError {
  code?: string;
  message?: string;
}

/** HTTP status and error code for the SQLSTATEs our SQL functions and constraints raise. */
const bySqlState: Record<string, [number, string]> = {
  '22023': [400, 'invalid_parameter'], // invalid_parameter_value
  '22P02': [400, 'invalid_parameter'], // invalid_text_representation
  '23502': [400, 'invalid_parameter'], // not_null_violation
  '23514': [400, 'invalid_parameter'], // check_violation
  '23505': [409, 'conflict'], // unique_violation
  '23503': [409, 'conflict'], // foreign_key_violation
  '42501': [403, 'forbidden'], // insufficient_privilege, RLS refusals
  'P0002': [404, 'not_found'], // no_data_found
  'P0001': [400, 'rejected'], // raise_exception without a more specific code
  '40001': [503, 'retry'], // serialization_failure
  '40P01': [503, 'retry'], // deadlock_detected
  '57014': [503, 'timeout'], // query_canceled (statement timeout)
};

function isPgError(error: unknown): error is PgLikeError & { code: string } {
  return typeof error === 'object' && error !== null && typeof (error as PgLikeError).code === 'string' &&
    /^[0-9A-Z]{5}$/.test((error as PgLikeError).code!);
}

/**
 * The response for any thrown value. `overrides` maps product-specific SQLSTATEs (for example a
 * custom 'insufficient credits' code) to a status and error code.
 */
export function errorToResponse(error: unknown, overrides: Record<string, [number, string]> = {}): Response {
  if (error instanceof HttpError) return errorResponse(error.status, error.code, error.message, error.headers);
  if (isPgError(error)) {
    const mapped = overrides[error.code] ?? bySqlState[error.code];
    if (mapped) return errorResponse(mapped[0], mapped[1], error.message ?? 'database error');
    // Connection failures and anything unexpected: the caller may retry.
    console.error(`database error ${error.code}: ${error.message}`);
    return errorResponse(500, 'database_error', 'The database could not complete the request');
  }
  console.error(error);
  return errorResponse(500, 'internal_error', 'Internal error');
}
