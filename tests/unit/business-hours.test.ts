import { describe, expect, it } from 'vitest';
import {
  addBusinessMinutes,
  ALWAYS_OPEN,
  businessCalendarSchema,
  businessMinutesBetween,
  DEFAULT_SERVICE_CALENDAR,
  type BusinessCalendar,
  type DayWindows,
} from '../../src/shared/tickets/business-hours';

/** A China-time wall-clock reading ('2026-11-20 17:00') as the UTC ISO string the module returns. */
function cst(local: string): string {
  return new Date(`${local.replace(' ', 'T')}:00+08:00`).toISOString();
}

const closed: DayWindows = [];
const officeDay: DayWindows = [
  { start: '09:00', end: '12:00' },
  { start: '13:00', end: '18:00' },
];

/** Mon–Fri 09:00–18:00 with a lunch break, UTC+8; National Day week 2026 off, with its two 調休 weekend days. */
const office: BusinessCalendar = {
  utcOffsetMinutes: 480,
  week: [closed, officeDay, officeDay, officeDay, officeDay, officeDay, closed],
  holidays: ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07'],
  makeUpDays: ['2026-09-27', '2026-10-10'],
  makeUpWindows: [{ start: '09:00', end: '18:00' }],
};

function everyDay(windows: DayWindows, overrides: Partial<BusinessCalendar> = {}): BusinessCalendar {
  return {
    utcOffsetMinutes: 480,
    week: [windows, windows, windows, windows, windows, windows, windows],
    holidays: [],
    makeUpDays: [],
    makeUpWindows: [],
    ...overrides,
  };
}

describe('addBusinessMinutes on the default service calendar (every day 08:00–22:00 China time)', () => {
  it('counts straight through inside a window', () => {
    expect(addBusinessMinutes(cst('2026-11-20 10:00'), 120, DEFAULT_SERVICE_CALENDAR)).toBe(cst('2026-11-20 12:00'));
  });

  it('carries what is left at closing time over to the next opening', () => {
    expect(addBusinessMinutes(cst('2026-11-20 21:00'), 120, DEFAULT_SERVICE_CALENDAR)).toBe(cst('2026-11-21 09:00'));
  });

  it('starts the clock at opening when started before it', () => {
    expect(addBusinessMinutes(cst('2026-11-20 06:30'), 30, DEFAULT_SERVICE_CALENDAR)).toBe(cst('2026-11-20 08:30'));
  });

  it('starts the clock at the next morning when started after closing', () => {
    expect(addBusinessMinutes(cst('2026-11-20 23:00'), 30, DEFAULT_SERVICE_CALENDAR)).toBe(cst('2026-11-21 08:30'));
  });

  it('returns UTC ISO strings whatever zone the start was written in', () => {
    expect(addBusinessMinutes('2026-11-22T10:00:00+08:00', 60, DEFAULT_SERVICE_CALENDAR)).toBe('2026-11-22T03:00:00.000Z');
  });

  it('keeps the seconds of the start', () => {
    expect(addBusinessMinutes('2026-11-20T02:00:30.250Z', 30, DEFAULT_SERVICE_CALENDAR)).toBe('2026-11-20T02:30:30.250Z');
  });
});

describe('addBusinessMinutes on an office calendar', () => {
  it('skips a closed weekend when started on Saturday', () => {
    expect(addBusinessMinutes(cst('2026-11-21 10:00'), 60, office)).toBe(cst('2026-11-23 10:00'));
  });

  it('moves a Friday-afternoon 2 h L2 feedback deadline to Monday morning', () => {
    expect(addBusinessMinutes(cst('2026-11-20 17:00'), 120, office)).toBe(cst('2026-11-23 10:00'));
  });

  it('pauses over the lunch break', () => {
    expect(addBusinessMinutes(cst('2026-11-20 11:30'), 60, office)).toBe(cst('2026-11-20 13:30'));
  });

  it('is due at closing time, not the next morning, when the time runs out exactly at closing', () => {
    expect(addBusinessMinutes(cst('2026-11-20 16:00'), 120, office)).toBe(cst('2026-11-20 18:00'));
  });

  it('with 0 minutes returns the start when working, else the next opening', () => {
    expect(addBusinessMinutes(cst('2026-11-20 10:15'), 0, office)).toBe(cst('2026-11-20 10:15'));
    expect(addBusinessMinutes(cst('2026-11-20 12:15'), 0, office)).toBe(cst('2026-11-20 13:00'));
    expect(addBusinessMinutes(cst('2026-11-20 18:00'), 0, office)).toBe(cst('2026-11-23 09:00'));
  });

  it('skips public holidays', () => {
    // Wednesday 30 September; 1–7 October are holidays (a weekend among them), Thursday 8 October is worked.
    expect(addBusinessMinutes(cst('2026-09-30 17:00'), 120, office)).toBe(cst('2026-10-08 10:00'));
  });

  it('works a make-up day although its weekday is closed, with the make-up windows', () => {
    // Sunday 27 September is a make-up day with no lunch break.
    expect(addBusinessMinutes(cst('2026-09-26 10:00'), 240, office)).toBe(cst('2026-09-27 13:00'));
    expect(addBusinessMinutes(cst('2026-10-09 17:30'), 60, office)).toBe(cst('2026-10-10 09:30'));
  });

  it('spreads a 48 h level-3 solution over six office days, across a weekend', () => {
    expect(addBusinessMinutes(cst('2026-11-23 09:00'), 48 * 60, office)).toBe(cst('2026-11-30 18:00'));
  });
});

describe('addBusinessMinutes on other calendars', () => {
  it('takes exactly 48 h round the clock on ALWAYS_OPEN', () => {
    expect(addBusinessMinutes('2026-11-20T15:37:00.000Z', 48 * 60, ALWAYS_OPEN)).toBe('2026-11-22T15:37:00.000Z');
  });

  it('takes exactly two years round the clock on ALWAYS_OPEN: long spans are not cut off', () => {
    expect(addBusinessMinutes('2026-01-01T00:00:00.000Z', 730 * 24 * 60, ALWAYS_OPEN)).toBe('2028-01-01T00:00:00.000Z');
  });

  it("runs on across midnight when a window ends at '24:00' and the next starts at '00:00'", () => {
    const nightShift = everyDay([
      { start: '00:00', end: '02:00' },
      { start: '18:00', end: '24:00' },
    ]);
    expect(addBusinessMinutes(cst('2026-11-20 23:00'), 120, nightShift)).toBe(cst('2026-11-21 01:00'));
    expect(addBusinessMinutes(cst('2026-11-21 01:30'), 60, nightShift)).toBe(cst('2026-11-21 18:30'));
  });

  it('reads weekdays and holidays on the local wall clock of a negative UTC offset', () => {
    const weekday: DayWindows = [{ start: '09:00', end: '17:00' }];
    const newYork: BusinessCalendar = {
      utcOffsetMinutes: -300,
      week: [closed, weekday, weekday, weekday, weekday, weekday, closed],
      holidays: ['2026-11-26'],
      makeUpDays: [],
      makeUpWindows: [],
    };
    // Friday 16:00 local is 21:00 UTC.
    expect(addBusinessMinutes('2026-11-20T21:00:00.000Z', 120, newYork)).toBe('2026-11-23T15:00:00.000Z');
    // Already Saturday in UTC, still Friday 22:00 local: the clock waits for Monday 09:00 local.
    expect(addBusinessMinutes('2026-11-21T03:00:00.000Z', 0, newYork)).toBe('2026-11-23T14:00:00.000Z');
    // Wednesday 16:00 local, Thanksgiving Thursday off.
    expect(addBusinessMinutes('2026-11-25T21:00:00.000Z', 120, newYork)).toBe('2026-11-27T15:00:00.000Z');
  });

  it('finds a single make-up day almost a year ahead on an otherwise closed calendar', () => {
    const rarelyOpen = everyDay(closed, { makeUpDays: ['2027-10-01'], makeUpWindows: [{ start: '09:00', end: '10:00' }] });
    expect(addBusinessMinutes(cst('2026-11-20 10:00'), 30, rarelyOpen)).toBe(cst('2027-10-01 09:30'));
  });
});

describe('addBusinessMinutes refuses what it cannot answer', () => {
  it('throws RangeError instead of searching forever on a calendar with no working time', () => {
    expect(() => addBusinessMinutes(cst('2026-11-20 10:00'), 30, everyDay(closed))).toThrow(RangeError);
    const openTooLate = everyDay(closed, { makeUpDays: ['2028-06-01'], makeUpWindows: [{ start: '09:00', end: '10:00' }] });
    expect(() => addBusinessMinutes(cst('2026-11-20 10:00'), 30, openTooLate)).toThrow(RangeError);
  });

  it.each(['2026-11-20 10:00', '2026-11-20T10:00:00', '2026-02-30T10:00:00Z', '2026-11-20T25:00:00Z', 'Nov 20 2026', ''])(
    'throws RangeError on the start %j',
    (start) => {
      expect(() => addBusinessMinutes(start, 30, ALWAYS_OPEN)).toThrow(RangeError);
    },
  );

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('throws RangeError on %s minutes', (minutes) => {
    expect(() => addBusinessMinutes('2026-11-20T10:00:00Z', minutes, ALWAYS_OPEN)).toThrow(RangeError);
  });

  it('throws RangeError on a calendar built in code with a bad time', () => {
    expect(() => addBusinessMinutes('2026-11-20T10:00:00Z', 30, everyDay([{ start: '9:00', end: '18:00' }]))).toThrow(RangeError);
  });
});

describe('businessMinutesBetween', () => {
  it('counts only working time between two instants', () => {
    expect(businessMinutesBetween(cst('2026-11-20 17:00'), cst('2026-11-23 10:00'), office)).toBe(120);
    expect(businessMinutesBetween(cst('2026-11-20 11:00'), cst('2026-11-20 14:00'), office)).toBe(120);
    expect(businessMinutesBetween(cst('2026-11-21 08:00'), cst('2026-11-22 20:00'), office)).toBe(0);
  });

  it('is 0 when the end is not after the start', () => {
    expect(businessMinutesBetween(cst('2026-11-20 11:00'), cst('2026-11-20 11:00'), office)).toBe(0);
    expect(businessMinutesBetween(cst('2026-11-20 15:00'), cst('2026-11-20 11:00'), office)).toBe(0);
  });

  it('counts the full span round the clock', () => {
    expect(businessMinutesBetween('2026-11-20T15:37:00Z', '2026-11-22T15:37:00Z', ALWAYS_OPEN)).toBe(48 * 60);
  });

  it('throws RangeError on an invalid instant', () => {
    expect(() => businessMinutesBetween('yesterday', '2026-11-20T10:00:00Z', ALWAYS_OPEN)).toThrow(RangeError);
  });

  it('measures back exactly the minutes addBusinessMinutes added', () => {
    // A fixed pseudo-random sequence: varied starts (open, closed, holidays, make-up days) but reproducible failures.
    let seed = 20_261_120;
    const next = (bound: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % bound;
    };
    const firstStart = Date.parse(cst('2026-09-20 00:00'));
    const calendars = [office, DEFAULT_SERVICE_CALENDAR, ALWAYS_OPEN];
    for (let sample = 0; sample < 300; sample += 1) {
      const start = new Date(firstStart + next(40 * 24 * 60) * 60_000).toISOString();
      const minutes = next(4 * 24 * 60);
      const calendar = calendars[sample % calendars.length] ?? office;
      const deadline = addBusinessMinutes(start, minutes, calendar);
      expect({ start, minutes, measured: businessMinutesBetween(start, deadline, calendar) }).toEqual({ start, minutes, measured: minutes });
    }
  });
});

describe('businessCalendarSchema', () => {
  const messages = (input: unknown): string => {
    const result = businessCalendarSchema.safeParse(input);
    return result.success ? '' : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('\n');
  };

  it('accepts the built-in calendars and one with breaks, touching windows, holidays and make-up days', () => {
    expect(messages(ALWAYS_OPEN)).toBe('');
    expect(messages(DEFAULT_SERVICE_CALENDAR)).toBe('');
    expect(messages(office)).toBe('');
    expect(messages(everyDay([{ start: '08:00', end: '12:00' }, { start: '12:00', end: '24:00' }]))).toBe('');
  });

  it('rejects times that are not HH:MM on a 24-hour clock', () => {
    expect(messages(everyDay([{ start: '25:00', end: '26:00' }]))).toMatch(/week\.0\.0\.start: start must be a time 'HH:MM'/);
    expect(messages(everyDay([{ start: '09:60', end: '18:00' }]))).toMatch(/start must be a time/);
    expect(messages(everyDay([{ start: '9:00', end: '18:00' }]))).toMatch(/start must be a time/);
    expect(messages(everyDay([{ start: '24:00', end: '24:00' }]))).toMatch(/start must be a time/);
    expect(messages(everyDay([{ start: '09:00', end: '24:01' }]))).toMatch(/end must be a time/);
  });

  it('rejects a window that does not start before it ends', () => {
    expect(messages(everyDay([{ start: '10:00', end: '10:00' }]))).toMatch(/window 10:00–10:00 must start before it ends/);
    expect(messages(everyDay([{ start: '18:00', end: '09:00' }]))).toMatch(/must start before it ends/);
  });

  it('rejects overlapping or unsorted windows', () => {
    expect(messages(everyDay([{ start: '09:00', end: '13:00' }, { start: '12:00', end: '18:00' }]))).toMatch(/windows must be sorted and not overlap/);
    expect(messages(everyDay([{ start: '13:00', end: '18:00' }, { start: '09:00', end: '12:00' }]))).toMatch(/windows must be sorted and not overlap/);
  });

  it('rejects dates that are not real YYYY-MM-DD dates', () => {
    expect(messages({ ...office, holidays: ['2026-02-30'] })).toMatch(/holidays\.0: must be a real date/);
    expect(messages({ ...office, holidays: ['2026/10/01'] })).toMatch(/holidays\.0: must be a real date/);
    expect(messages({ ...office, makeUpDays: ['2026-13-01'] })).toMatch(/makeUpDays\.0: must be a real date/);
  });

  it('rejects a date that is both a holiday and a make-up day', () => {
    expect(messages({ ...office, makeUpDays: ['2026-10-01'] })).toMatch(/2026-10-01 cannot be both a holiday and a make-up day/);
  });

  it('rejects offsets that are not whole minutes within UTC−12:00…UTC+14:00 and weeks that are not 7 days', () => {
    expect(messages({ ...office, utcOffsetMinutes: 900 })).toMatch(/utcOffsetMinutes/);
    expect(messages({ ...office, utcOffsetMinutes: -780 })).toMatch(/utcOffsetMinutes/);
    expect(messages({ ...office, utcOffsetMinutes: 330.5 })).toMatch(/utcOffsetMinutes must be whole minutes/);
    expect(messages({ ...office, week: office.week.slice(0, 6) })).toMatch(/week/);
  });
});
