// What PostgreSQL refuses to store, found before it gets there. JavaScript's JSON.parse accepts it
// all, so a correctly signed webhook body may carry it: text and jsonb cannot hold U+0000 (NUL),
// jsonb refuses an unpaired UTF-16 surrogate ("\ud800" alone), and nesting deep enough exhausts
// the server's stack. Sent to the database, such a body fails the same way on every retry.
import { z } from 'zod';

/** Deeper than any platform's webhook body nests (Stripe's events: about ten levels). */
export const maxJsonDepth = 64;

/** NUL, or a surrogate that is not half of a pair. */
// deno-lint-ignore no-control-regex -- matching NUL is the point: text and jsonb cannot hold it
const unstorableCharacter = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function isStorableText(text: string): boolean {
  return !unstorableCharacter.test(text);
}

/** The text with what PostgreSQL cannot store replaced by U+FFFD, for showing it in a stored reason. */
export function storableForm(text: string): string {
  return text.replace(new RegExp(unstorableCharacter, 'g'), '\ufffd');
}

/** A string PostgreSQL can store as text. */
export const storableString = z.string().refine(isStorableText, 'holds a NUL character or an unpaired surrogate');

/** A key as shown in a reason: storable, and short. */
function describeKey(key: string): string {
  return Array.from(storableForm(key)).slice(0, 40).join('');
}

/**
 * The first problem in a parsed JSON value, with where it is ("data.object.metadata.note"), or
 * null. Depth counts containers: the top-level object is level 1; the walk never goes deeper than
 * `maxDepth` + 1, so a hostile nesting costs no more than a legitimate one. With `content`, also
 * strings (keys and values) that PostgreSQL cannot store and numbers JavaScript could not read
 * (beyond ±1.8e308), for a value stored whole as jsonb.
 */
function firstProblem(value: unknown, maxDepth: number, content: boolean, path: string, depth: number): string | null {
  const at = path || 'the top level';
  if (typeof value === 'string') {
    return content && !isStorableText(value) ? `a NUL character or an unpaired surrogate in ${at}` : null;
  }
  if (typeof value === 'number') {
    return content && !Number.isFinite(value) ? `a number out of range in ${at}` : null;
  }
  if (typeof value !== 'object' || value === null) return null;
  if (depth === maxDepth) return `nested deeper than ${maxDepth} levels at ${at}`;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const problem = firstProblem(item, maxDepth, content, `${path}[${index}]`, depth + 1);
      if (problem) return problem;
    }
    return null;
  }
  for (const [key, item] of Object.entries(value)) {
    const itemPath = `${path}${path ? '.' : ''}${describeKey(key)}`;
    if (content && !isStorableText(key)) return `a NUL character or an unpaired surrogate in the key ${itemPath}`;
    const problem = firstProblem(item, maxDepth, content, itemPath, depth + 1);
    if (problem) return problem;
  }
  return null;
}

/** Why a parsed JSON body nests deeper than `maxDepth` levels, or null. */
export function tooDeep(value: unknown, maxDepth = maxJsonDepth): string | null {
  return firstProblem(value, maxDepth, false, '', 0);
}

/** Why PostgreSQL could not store a parsed JSON value as jsonb (content or depth), or null. */
export function unstorableJson(value: unknown, maxDepth = maxJsonDepth): string | null {
  return firstProblem(value, maxDepth, true, '', 0);
}

/**
 * Whether a database error refused the data itself, so that the same data will be refused again:
 * data exceptions (class 22: a value out of range, an invalid character), integrity violations
 * (class 23) except a unique violation, which is a race with a concurrent write that a retry
 * resolves, and program limits (class 54: too deeply nested).
 */
export function isRefusedData(sqlstate: unknown): boolean {
  return typeof sqlstate === 'string' && /^(22|23|54)/.test(sqlstate) && sqlstate !== '23505';
}
