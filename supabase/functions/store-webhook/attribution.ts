// Attribution found in an order: UTM parameters, click ids, landing page and referrer, gathered
// from whatever each platform provides into one shape stored in orders.attribution_data.
import { isStorableText } from '../_shared/unstorable.ts';
import { cut } from './platforms/fields.ts';

export const utmKeys = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_content', 'utm_term'] as const;

/** Ad platforms' click ids, stored under click_ids by their lower-case name. */
export const clickIdKeys = ['fbclid', 'gclid', 'ttclid', 'sccid', 'msclkid', 'twclid', 'li_fat_id', 'wbraid', 'gbraid'];

export interface AttributionParts {
  /** Key/value pairs found in the order (note attributes, meta data, ...); utm_* and click ids are picked out. */
  params?: Iterable<[string, unknown]>;
  /** Page where the visit started: its query string is read for utm_* and click ids too. */
  landingPage?: string | null;
  referrer?: string | null;
  /** The platform's own name for where the order came from (web, pos, store, ...). */
  source?: string | null;
}

/**
 * A value worth keeping, or null. Visitors write these (a landing page's query is decoded, so
 * "%00" becomes a NUL), so what the database cannot store is dropped rather than refusing the order.
 */
function clean(value: unknown, max: number): string | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const text = cut(String(value).trim(), max);
  return text && isStorableText(text) ? text : null;
}

/** Reads a landing page that may be a path ("/p/x?utm_source=y") or a full URL. */
function queryOf(page: string): URLSearchParams | null {
  try {
    return new URL(page, 'https://store.invalid').searchParams;
  } catch {
    return null;
  }
}

export function buildAttribution(parts: AttributionParts): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  const clickIds: Record<string, string> = {};
  const take = (rawKey: string, value: unknown, explicit: boolean) => {
    const key = rawKey.trim().toLowerCase();
    if ((utmKeys as readonly string[]).includes(key)) {
      const v = clean(value, 255);
      if (v && (explicit || result[key] === undefined)) result[key] = v;
    } else if (clickIdKeys.includes(key)) {
      const v = clean(value, 500);
      if (v && (explicit || clickIds[key] === undefined)) clickIds[key] = v;
    }
  };

  // the landing page's query first; explicit attributes recorded by the store override it
  const landing = clean(parts.landingPage, 2000);
  if (landing) {
    result.landing_page = landing;
    const query = queryOf(landing);
    if (query) { for (const [key, value] of query) take(key, value, false); }
  }
  for (const [key, value] of parts.params ?? []) take(key, value, true);

  const referrer = clean(parts.referrer, 2000);
  if (referrer) result.referrer = referrer;
  const source = clean(parts.source, 100);
  if (source) result.source = source;
  if (Object.keys(clickIds).length) result.click_ids = clickIds;
  return result;
}
