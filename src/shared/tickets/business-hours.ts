/**
 * Service-process deadlines (SPEC: L2 feedback 2 h, escalation responses, follow-ups …) run on a
 * business-hours calendar: a clock that only ticks while the service desk is open.
 *
 * The calendar's wall clock is a fixed UTC offset, so every local day is exactly 24 h long and
 * the arithmetic below works on "local day numbers" (days since 1970-01-01 on that wall clock)
 * without any time-zone database — which src/shared cannot rely on.
 */
import { z } from 'zod';

export type DayWindows = { start: string; end: string }[];

export interface BusinessCalendar {
  /** Offset of the calendar's wall clock from UTC in minutes (480 = China Standard Time, no DST). */
  utcOffsetMinutes: number;
  /** Working windows per weekday, index 0 = Sunday … 6 = Saturday; times 'HH:MM' local, start < end, windows sorted and non-overlapping; '24:00' allowed as end. An empty array = closed that day. */
  week: [DayWindows, DayWindows, DayWindows, DayWindows, DayWindows, DayWindows, DayWindows];
  /** Local dates 'YYYY-MM-DD' closed all day (public holidays). */
  holidays: string[];
  /** Local dates 'YYYY-MM-DD' worked although their weekday is closed (調休 make-up days), using `makeUpWindows`. */
  makeUpDays: string[];
  makeUpWindows: DayWindows;
}

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
/** A calendar closed this many days in a row is treated as never open, so no search runs unbounded. */
const MAX_CLOSED_DAYS = 400;
/** 1970-01-01, local day 0, was a Thursday. */
const WEEKDAY_OF_DAY_ZERO = 4;

const START_TIME = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
const END_TIME = /^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/;
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Zone designator required: a zone-less string would be read in the runtime's own zone, which differs between server and desks. */
const ISO_INSTANT = /^(\d{4}-\d{2}-\d{2})T(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

function minuteOfDay(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/** Days since 1970-01-01 for a real calendar date, or null ('2026-02-30' is not one, though Date.UTC would roll it over). */
function dayNumberOfDate(date: string): number | null {
  const match = LOCAL_DATE.exec(date);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const roundTrip = new Date(ms);
  if (roundTrip.getUTCFullYear() !== year || roundTrip.getUTCMonth() !== month - 1 || roundTrip.getUTCDate() !== day) return null;
  return ms / DAY_MS;
}

const dayWindowsSchema = z
  .array(
    z.object({
      start: z.string().regex(START_TIME, "start must be a time 'HH:MM' from 00:00 to 23:59"),
      end: z.string().regex(END_TIME, "end must be a time 'HH:MM' up to 24:00"),
    }),
  )
  .superRefine((windows, ctx) => {
    // Runs even when a time failed its regex; such windows are already reported and are not compared.
    windows.forEach((window, index) => {
      if (!START_TIME.test(window.start) || !END_TIME.test(window.end)) return;
      if (minuteOfDay(window.start) >= minuteOfDay(window.end)) {
        ctx.addIssue({ code: 'custom', path: [index], message: `window ${window.start}–${window.end} must start before it ends` });
      }
      const previous = windows[index - 1];
      if (previous && END_TIME.test(previous.end) && minuteOfDay(window.start) < minuteOfDay(previous.end)) {
        ctx.addIssue({
          code: 'custom',
          path: [index],
          message: `window ${window.start}–${window.end} starts before the previous window ends at ${previous.end}: windows must be sorted and not overlap`,
        });
      }
    });
  });

const localDateSchema = z.string().refine((date) => dayNumberOfDate(date) !== null, "must be a real date 'YYYY-MM-DD'");

export const businessCalendarSchema: z.ZodType<BusinessCalendar> = z
  .object({
    utcOffsetMinutes: z.number().int('utcOffsetMinutes must be whole minutes').min(-720).max(840),
    week: z.tuple([dayWindowsSchema, dayWindowsSchema, dayWindowsSchema, dayWindowsSchema, dayWindowsSchema, dayWindowsSchema, dayWindowsSchema]),
    holidays: z.array(localDateSchema),
    makeUpDays: z.array(localDateSchema),
    makeUpWindows: dayWindowsSchema,
  })
  .superRefine((calendar, ctx) => {
    const holidays = new Set(calendar.holidays);
    calendar.makeUpDays.forEach((date, index) => {
      if (holidays.has(date)) {
        ctx.addIssue({ code: 'custom', path: ['makeUpDays', index], message: `${date} cannot be both a holiday and a make-up day` });
      }
    });
  });

/** Round the clock: every minute counts (used for e.g. level-3 media statements). */
export const ALWAYS_OPEN: BusinessCalendar = {
  utcOffsetMinutes: 0,
  week: [
    [{ start: '00:00', end: '24:00' }],
    [{ start: '00:00', end: '24:00' }],
    [{ start: '00:00', end: '24:00' }],
    [{ start: '00:00', end: '24:00' }],
    [{ start: '00:00', end: '24:00' }],
    [{ start: '00:00', end: '24:00' }],
    [{ start: '00:00', end: '24:00' }],
  ],
  holidays: [],
  makeUpDays: [],
  makeUpWindows: [],
};

/** Mon–Fri 09:00–18:00 China time is NOT what a call center uses; default: every day 08:00–22:00 at UTC+8. */
export const DEFAULT_SERVICE_CALENDAR: BusinessCalendar = {
  utcOffsetMinutes: 480,
  week: [
    [{ start: '08:00', end: '22:00' }],
    [{ start: '08:00', end: '22:00' }],
    [{ start: '08:00', end: '22:00' }],
    [{ start: '08:00', end: '22:00' }],
    [{ start: '08:00', end: '22:00' }],
    [{ start: '08:00', end: '22:00' }],
    [{ start: '08:00', end: '22:00' }],
  ],
  holidays: [],
  makeUpDays: [],
  makeUpWindows: [],
};

/** A window as milliseconds after local midnight, [startMs, endMs). */
type WindowMs = readonly [number, number];

interface CompiledCalendar {
  offsetMs: number;
  windowsOn(day: number): readonly WindowMs[];
}

function compile(calendar: BusinessCalendar): CompiledCalendar {
  // Calendars also come from code, not only from parsed config; bad times would silently become NaN arithmetic.
  const parsed = businessCalendarSchema.safeParse(calendar);
  if (!parsed.success) throw new RangeError(`Invalid business calendar: ${z.prettifyError(parsed.error)}`);
  const toMs = (windows: DayWindows): WindowMs[] =>
    windows.map(({ start, end }) => [minuteOfDay(start) * MINUTE_MS, minuteOfDay(end) * MINUTE_MS]);
  const week = calendar.week.map(toMs);
  const makeUpWindows = toMs(calendar.makeUpWindows);
  const holidays = new Set(calendar.holidays.map(dayNumberOfDate));
  const makeUpDays = new Set(calendar.makeUpDays.map(dayNumberOfDate));
  return {
    offsetMs: calendar.utcOffsetMinutes * MINUTE_MS,
    windowsOn(day) {
      if (holidays.has(day)) return [];
      if (makeUpDays.has(day)) return makeUpWindows;
      return week[(((day + WEEKDAY_OF_DAY_ZERO) % 7) + 7) % 7] ?? [];
    },
  };
}

function parseInstant(iso: string, name: string): number {
  const match = ISO_INSTANT.exec(iso);
  const ms = match && match[1] !== undefined && dayNumberOfDate(match[1]) !== null ? Date.parse(iso) : Number.NaN;
  if (Number.isNaN(ms)) throw new RangeError(`${name} is not an ISO-8601 instant with a zone: ${JSON.stringify(iso)}`);
  return ms;
}

/** The instant (ISO-8601 UTC string, e.g. '2026-11-22T05:00:00.000Z') when `minutes` business minutes have elapsed after `startIso`. Starting outside working time, the clock starts at the next opening. minutes = 0 returns the next working instant at or after start. Throws RangeError on invalid ISO, negative/non-finite minutes, or a calendar with no working time at all within 400 days (never loops forever). */
export function addBusinessMinutes(startIso: string, minutes: number, calendar: BusinessCalendar): string {
  const startMs = parseInstant(startIso, 'startIso');
  if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError(`minutes must be a finite number >= 0, got ${minutes}`);
  const { offsetMs, windowsOn } = compile(calendar);
  const localStartMs = startMs + offsetMs;
  let day = Math.floor(localStartMs / DAY_MS);
  let timeOfDayMs = localStartMs - day * DAY_MS;
  let remainingMs = Math.round(minutes * MINUTE_MS);
  for (let closedDays = 0; closedDays <= MAX_CLOSED_DAYS; day += 1, timeOfDayMs = 0) {
    let openToday = false;
    for (const [windowStartMs, windowEndMs] of windowsOn(day)) {
      if (windowEndMs <= timeOfDayMs) continue;
      openToday = true;
      const fromMs = Math.max(windowStartMs, timeOfDayMs);
      // `<=`: a deadline that falls exactly at closing time is due at closing, not at the next opening.
      if (remainingMs <= windowEndMs - fromMs) return new Date(day * DAY_MS + fromMs + remainingMs - offsetMs).toISOString();
      remainingMs -= windowEndMs - fromMs;
    }
    closedDays = openToday ? 0 : closedDays + 1;
  }
  throw new RangeError(`The business calendar has no working time in ${MAX_CLOSED_DAYS} consecutive days after ${startIso}`);
}

/** Business minutes between two instants (0 if to <= from); used to show "time left" and to warn at a fraction of a deadline. */
export function businessMinutesBetween(fromIso: string, toIso: string, calendar: BusinessCalendar): number {
  const fromMs = parseInstant(fromIso, 'fromIso');
  const toMs = parseInstant(toIso, 'toIso');
  const { offsetMs, windowsOn } = compile(calendar);
  if (toMs <= fromMs) return 0;
  const localFromMs = fromMs + offsetMs;
  const localToMs = toMs + offsetMs;
  let businessMs = 0;
  for (let day = Math.floor(localFromMs / DAY_MS); day * DAY_MS < localToMs; day += 1) {
    const midnightMs = day * DAY_MS;
    for (const [windowStartMs, windowEndMs] of windowsOn(day)) {
      const overlapStart = Math.max(midnightMs + windowStartMs, localFromMs);
      const overlapEnd = Math.min(midnightMs + windowEndMs, localToMs);
      if (overlapEnd > overlapStart) businessMs += overlapEnd - overlapStart;
    }
  }
  return businessMs / MINUTE_MS;
}
