// Reading untrusted webhook JSON: small typed accessors shared by the platform mappers.
import { PayloadError } from './types.ts';

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function obj(value: unknown): Json {
  return isObject(value) ? value : {};
}

export function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The first `max` UTF-16 units of a string, less half a surrogate pair cut at the end. */
export function cut(value: string, max: number): string {
  return value.slice(0, max).replace(/[\ud800-\udbff]$/, '');
}

/** A non-empty trimmed string (numbers are turned into their text), or null. */
export function text(value: unknown, max = 10_000): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed ? cut(trimmed, max) : null;
}

/** An external id: a string or an integer, as text. */
export function id(value: unknown): string | null {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  if (typeof value === 'string' && value.trim() && value.trim().length <= 255) return value.trim();
  return null;
}

export function requireId(value: unknown, what: string): string {
  const result = id(value);
  if (!result) throw new PayloadError(`${what} is missing`);
  return result;
}

/**
 * A decimal amount as text, exactly as sent: "199.00", 199, 19.5, "2.00000000000000". Numbers
 * are written back with JavaScript's shortest round-trip form, which is the text they were sent as.
 */
export function decimal(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) {
    const written = String(value);
    return /e/i.test(written) ? null : written;
  }
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return value.trim();
  return null;
}

export function requireDecimal(value: unknown, what: string): string {
  const result = decimal(value);
  if (result === null) throw new PayloadError(`${what} is not a decimal amount`);
  return result;
}

/** An ISO 4217 code, upper-cased; null when absent or malformed. */
export function currency(value: unknown): string | null {
  const code = text(value)?.toUpperCase();
  return code && /^[A-Z]{3}$/.test(code) ? code : null;
}

/**
 * A timestamp: ISO 8601 with an offset; a zone-less "YYYY-MM-DD[ T]HH:MM:SS" is read in
 * `zonelessOffset` (UTC unless told); JavaScript's Date text ("Sun Jun 26 2022 12:21:48 GMT+0300").
 */
export function timestamp(value: unknown, zonelessOffset = 'Z'): Date | null {
  const raw = text(value);
  if (!raw) return null;
  const zoneless = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2}(?:\.\d+)?)$/.exec(raw);
  const date = zoneless ? new Date(`${zoneless[1]}T${zoneless[2]}${zonelessOffset}`) : new Date(raw);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function requireTimestamp(value: unknown, what: string, zonelessOffset = 'Z'): Date {
  const result = timestamp(value, zonelessOffset);
  if (!result) throw new PayloadError(`${what} is not a timestamp`);
  return result;
}

/** A positive integer quantity, or null. */
export function quantity(value: unknown): number | null {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) && n > 0 ? n : null;
}

/** An e-mail address as the store recorded it (lower-cased), or null. */
export function email(value: unknown): string | null {
  const raw = text(value, 320);
  return raw && /^[^\s@]+@[^\s@]+$/.test(raw) ? raw.toLowerCase() : null;
}

/** An http(s) URL, or null. */
export function url(value: unknown): string | null {
  const raw = text(value, 2000);
  return raw && /^https?:\/\//i.test(raw) ? raw : null;
}

/** An IPv4 or IPv6 address, or null (anything else would fail the inet cast). */
export function ip(value: unknown): string | null {
  const raw = text(value, 100);
  if (!raw) return null;
  if (/^(\d{1,3})(\.\d{1,3}){3}$/.test(raw) && raw.split('.').every((part) => Number(part) <= 255)) return raw;
  return /^[0-9a-fA-F:]+$/.test(raw) && raw.includes(':') && isIpv6(raw) ? raw : null;
}

/** Whether the URL parser takes it as an IPv6 host: "::::" looks like one and is not. */
function isIpv6(address: string): boolean {
  try {
    new URL(`http://[${address}]/`);
    return true;
  } catch {
    return false;
  }
}

/**
 * The id of a deletion: Shopify and WooCommerce send a deletion as {"id": ...} and nothing else.
 * Their topic is an unsigned header, so it is the signed body that must say "deletion": any
 * other body with a deletion topic (a captured update replayed under another topic) is refused.
 */
export function deletedId(payload: unknown): string {
  if (!isObject(payload) || Object.keys(payload).join() !== 'id') {
    throw new PayloadError('the body is not a deletion ({"id": ...} alone): the topic does not match what was signed');
  }
  return requireId(payload.id, 'id');
}

/** The UTC offset ("+03:00") of an IANA time zone at an instant; null for an unknown zone. */
export function zoneOffset(timeZone: string, at: Date): string | null {
  try {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    }).formatToParts(at);
    const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
    const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
    const minutes = Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
    const sign = minutes < 0 ? '-' : '+';
    const abs = Math.abs(minutes);
    return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  } catch {
    return null;
  }
}

/** A zone-less local time read in an IANA zone ({"date": "2022-06-26 12:21:45.000000", "timezone": "Asia/Riyadh"}). */
export function zonedTimestamp(value: unknown): Date | null {
  if (!isObject(value)) return timestamp(value);
  const local = text(value.date);
  const zone = text(value.timezone) ?? 'UTC';
  if (!local) return null;
  const guess = timestamp(local, 'Z');
  if (!guess) return timestamp(local);
  const offset = zoneOffset(zone, guess);
  if (!offset) return null;
  const first = timestamp(local, offset);
  // around a DST change the offset at the corrected instant is the right one
  const second = first && zoneOffset(zone, first);
  return second && second !== offset ? timestamp(local, second) : first;
}
