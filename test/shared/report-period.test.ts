import { describe, expect, it } from 'vitest';
import { monthBefore, monthPeriod, monthsBefore, previousMonth } from '../../functions/shared/report-period.ts';

describe('previousMonth', () => {
  it('reports April 2026 in Tegucigalpa as UTC-6 instants', () => {
    // Prepare
    const scheduled = new Date('2026-05-01T13:00:00Z');

    // Act
    const period = previousMonth(scheduled, 'America/Tegucigalpa');

    // Assert
    expect(period).toEqual({
      month: '2026-04',
      timeZone: 'America/Tegucigalpa',
      startDate: '2026-04-01T06:00:00.000Z',
      endDate: '2026-05-01T05:59:59.999Z',
    });
  });

  it('uses the wall clock of the group, not UTC: Jan 1st 03:00 UTC is still Dec 31st in Honduras', () => {
    const period = previousMonth(new Date('2026-01-01T03:00:00Z'), 'America/Tegucigalpa');

    expect(period.month).toBe('2025-11');
  });

  it('crosses the year boundary', () => {
    const period = previousMonth(new Date('2026-01-01T12:00:00Z'), 'America/Tegucigalpa');

    expect(period).toMatchObject({ month: '2025-12', startDate: '2025-12-01T06:00:00.000Z', endDate: '2026-01-01T05:59:59.999Z' });
  });

  it('handles zones ahead of UTC (Tokyo) where the month starts the previous UTC day', () => {
    const period = previousMonth(new Date('2025-12-31T16:00:00Z'), 'Asia/Tokyo');

    expect(period).toMatchObject({ month: '2025-12', startDate: '2025-11-30T15:00:00.000Z', endDate: '2025-12-31T14:59:59.999Z' });
  });

  it('follows daylight saving time changes inside the month (Madrid, March 2026)', () => {
    const period = monthPeriod('2026-03', 'Europe/Madrid');

    // CET (+1) on the 1st, CEST (+2) on the 31st.
    expect(period).toMatchObject({ startDate: '2026-02-28T23:00:00.000Z', endDate: '2026-03-31T21:59:59.999Z' });
  });

  it('rejects an unknown time zone and a bad month, naming the value', () => {
    expect(() => previousMonth(new Date(), 'Mars/Olympus')).toThrow(/Mars\/Olympus/);
    expect(() => monthPeriod('2026-13', 'UTC')).toThrow(/"2026-13"/);
  });
});

describe('monthBefore', () => {
  it('steps back across a year boundary in the same zone', () => {
    const january = monthPeriod('2026-01', 'America/Tegucigalpa');

    expect(monthBefore(january).month).toBe('2025-12');
    expect(monthBefore(january, 5).month).toBe('2025-08');
  });
});

describe('monthsBefore', () => {
  it('lists the months before, most recent first, across a year boundary, in the same zone', () => {
    // act
    const history = monthsBefore(monthPeriod('2026-02', 'America/Tegucigalpa'), 3);

    // assert
    expect(history.map((period) => period.month)).toEqual(['2026-01', '2025-12', '2025-11']);
    expect(history.every((period) => period.timeZone === 'America/Tegucigalpa')).toBe(true);
    expect(monthsBefore(monthPeriod('2026-02', 'UTC'), 0)).toEqual([]);
  });
});
