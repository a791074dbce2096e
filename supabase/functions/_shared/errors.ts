// One place that turns failures into HTTP answers: our own HttpError, and database errors by
// SQLSTATE. The contract (docs/SECURITY.md#error-statuses): whatever the request itself makes the
// database refuse is a 4xx, and the same request will be refused again; a 503 (with Retry-After)
// says the database is unreachable, overloaded or restarting, or gave up this transaction in a
// race, so the same request may succeed in a moment; a 500 is a fault of ours.
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

/** An HTTP status, our error code and, for a message the database did not write on purpose, ours. */
type Answer = [status: number, code: string, message: string];

/** SQLSTATEs with an answer of their own; the rest of their class answers as the class does. */
const bySqlState: Record<string, Answer> = {
  '23505': [409, 'conflict', 'The request conflicts with data that exists'], // unique_violation
  '23503': [409, 'conflict', 'The request refers to data that does not exist or is still in use'], // foreign_key_violation
  '23P01': [409, 'conflict', 'The request conflicts with data that exists'], // exclusion_violation
  '42501': [403, 'forbidden', 'Not allowed'], // insufficient_privilege, RLS refusals
  '55000': [409, 'conflict', 'The request does not fit the current state'], // object_not_in_prerequisite_state
  '55P03': [503, 'retry', 'The data is busy; retry in a moment'], // lock_not_available
  'P0001': [400, 'rejected', 'The request was refused'], // raise_exception without a more specific code
  'P0002': [404, 'not_found', 'Not found'], // no_data_found
  '57014': [503, 'timeout', 'The database did not finish in time; retry in a moment'], // query_canceled (statement timeout)
};

/** The database is not there for a moment: unreachable, restarting, or refusing connections. */
const unavailable: Answer = [503, 'database_unavailable', 'The database is unavailable; retry in a moment'];

/** SQLSTATE classes (the first two characters) and what the whole class answers. */
const byClass: Record<string, Answer> = {
  // data exceptions: a value out of range or of the wrong form, a NUL character, an invalid date
  '22': [400, 'invalid_parameter', 'A value of the request is out of range or malformed'],
  // integrity violations not named above: not null, check
  '23': [400, 'invalid_parameter', 'A value of the request breaks a rule of the data'],
  // program limits: a value too large or nested too deep for the database
  '54': [400, 'too_complex', 'The request is too large or too complex for the database'],
  // connection exceptions, insufficient resources (too many connections, disk full), operator
  // intervention (shutdown, restart): the database is not there for a moment
  '08': unavailable,
  '53': unavailable,
  '57': unavailable,
  // transaction rollback: a serialization failure or deadlock with a concurrent request
  '40': [503, 'retry', 'The request met a concurrent one; retry it'],
};

/** PostgreSQL's own classes; any other class is one of the codes our SQL functions raise (BL001, MK002, ...). */
const postgresClass = /^(?:0[0-9A-Z]|[1-5][0-9A-Z]|F0|HV|P0|XX)/;

/** The project's own codes: a refusal our SQL functions chose, with the message they wrote. */
const ownCode: Answer = [400, 'rejected', 'The request was refused'];

/**
 * What the driver (postgres.js) and the runtime's sockets say when no server answers: the
 * connection was refused, reset, timed out or closed under a query.
 */
const connectionFailures = new Set([
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * Supavisor, the transaction pooler, reports its own refusals as internal errors (XX000) with its
 * code in parentheses: "(EMAXCONN) max client connections reached", "(ECHECKOUTTIMEOUT) ...".
 */
const poolerRefusal = /^\(E[A-Z]+\)/;

/** Seconds a client should wait before retrying: a race resolves at once, a restart takes a few seconds. */
function retryAfter(code: string): string {
  return code === 'retry' ? '1' : '5';
}

interface DatabaseError {
  code: string;
  message?: string;
  /** The server function that raised it: exec_stmt_raise for a RAISE in our SQL. */
  routine?: string;
}

function isDatabaseError(error: unknown): error is DatabaseError {
  return typeof error === 'object' && error !== null && typeof (error as DatabaseError).code === 'string';
}

/** The answer for a database or connection error, or null for an error of another kind. */
function classify(error: DatabaseError, overrides: Record<string, [number, string]>): Answer | null {
  if (connectionFailures.has(error.code)) return unavailable;
  if (error.code === 'XX000' && poolerRefusal.test(error.message ?? '')) return unavailable;
  if (!/^[0-9A-Z]{5}$/.test(error.code)) return null;
  const override = overrides[error.code];
  if (override) return [...override, ownCode[2]];
  return bySqlState[error.code] ?? byClass[error.code.slice(0, 2)] ?? (postgresClass.test(error.code) ? null : ownCode);
}

/** Whether the driver lost or could not open a connection (refused, reset, timed out, closed under a query). */
export function isConnectionFailure(error: unknown): boolean {
  return isDatabaseError(error) && connectionFailures.has(error.code);
}

/**
 * Whether the error says that the database cannot be reached or takes no connections for now
 * (answered 503 database_unavailable).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  return isDatabaseError(error) && classify(error, {}) === unavailable;
}

/**
 * The response for any thrown value. `overrides` maps product-specific SQLSTATEs (for example a
 * custom 'insufficient credits' code) to a status and error code. A refusal a SQL function raised
 * on purpose (RAISE) keeps its message, which names what is wrong; the messages PostgreSQL writes
 * itself name tables, constraints and values, and are logged instead of answered.
 */
export function errorToResponse(error: unknown, overrides: Record<string, [number, string]> = {}): Response {
  if (error instanceof HttpError) return errorResponse(error.status, error.code, error.message, error.headers);
  if (!isDatabaseError(error)) {
    console.error(error);
    return errorResponse(500, 'internal_error', 'Internal error');
  }
  const answer = classify(error, overrides);
  if (!answer) {
    console.error(`database error ${error.code}: ${error.message}`);
    return errorResponse(500, 'database_error', 'The database could not complete the request');
  }
  const [status, code, message] = answer;
  if (status >= 500) {
    console.error(`database unavailable (${error.code}): ${error.message}`);
    return errorResponse(status, code, message, { 'retry-after': retryAfter(code) });
  }
  if (error.routine === 'exec_stmt_raise' && error.message) return errorResponse(status, code, error.message);
  console.warn(`database refused the request (${error.code}): ${error.message}`);
  return errorResponse(status, code, message);
}
