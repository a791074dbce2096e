// The local scheduler reads the jobs' schedules as pg_cron does.
import { describe, expect, it } from 'vitest';
import { cronMatches, parseCron } from '../../scripts/local/cron-schedule.ts';

const at = (iso: string) => new Date(iso);

describe('cron schedules', () => {
  it('matches minutes, steps, ranges and lists', () => {
    expect(cronMatches(parseCron('*/15 * * * *'), at('2026-12-06T10:30:00Z'))).toBe(true);
    expect(cronMatches(parseCron('*/15 * * * *'), at('2026-12-06T10:31:00Z'))).toBe(false);
    expect(cronMatches(parseCron('20 * * * *'), at('2026-12-06T03:20:59Z'))).toBe(true);
    expect(cronMatches(parseCron('40 3 * * *'), at('2026-12-06T03:40:00Z'))).toBe(true);
    expect(cronMatches(parseCron('40 3 * * *'), at('2026-12-06T04:40:00Z'))).toBe(false);
    expect(cronMatches(parseCron('0 9-17/4 * * *'), at('2026-12-06T13:00:00Z'))).toBe(true);
    expect(cronMatches(parseCron('0 9-17/4 * * *'), at('2026-12-06T15:00:00Z'))).toBe(false);
    expect(cronMatches(parseCron('5,35 * * * *'), at('2026-12-06T15:35:00Z'))).toBe(true);
  });

  it('reads the day fields as cron does: Sunday is 0 or 7; both restricted means either', () => {
    // 2026-12-06 is a Sunday, the 6th
    expect(cronMatches(parseCron('0 0 * * 7'), at('2026-12-06T00:00:00Z'))).toBe(true);
    expect(cronMatches(parseCron('0 0 * * 0'), at('2026-12-06T00:00:00Z'))).toBe(true);
    expect(cronMatches(parseCron('0 0 1 * 1'), at('2026-12-06T00:00:00Z'))).toBe(false);
    expect(cronMatches(parseCron('0 0 1 * 0'), at('2026-12-06T00:00:00Z'))).toBe(true);
    expect(cronMatches(parseCron('0 0 6 12 *'), at('2026-12-06T00:00:00Z'))).toBe(true);
    expect(cronMatches(parseCron('0 0 6 11 *'), at('2026-12-06T00:00:00Z'))).toBe(false);
  });

  it('refuses what it cannot read', () => {
    for (const bad of [
      '* * * *',
      '60 * * * *',
      '* 24 * * *',
      '* * 0 * *',
      '*/0 * * * *',
      '5-1 * * * *',
      'a * * * *',
      '30 seconds',
    ]) {
      expect(() => parseCron(bad), bad).toThrow();
    }
  });
});
