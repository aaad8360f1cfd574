import { z } from 'zod';
import { businessCalendarSchema, DEFAULT_SERVICE_CALENDAR, type BusinessCalendar } from '../../shared/tickets/business-hours';
import { DEADLINE_KINDS, DEFAULT_DEADLINE_RULES, DEFAULT_FOLLOW_UP_RULES, MILESTONES, type DeadlineRules, type FollowUpRules } from '../../shared/tickets/process';

export interface TicketConfig {
  /** How long each clock of the service process runs, on which calendar, and when it warns. */
  rules: DeadlineRules;
  /** The business hours 'service' clocks count in; its UTC offset also dates ticket numbers. */
  calendar: BusinessCalendar;
  followUp: FollowUpRules;
  /** How often clocks and follow-up rules are checked. */
  tickMs: number;
}

export const DEFAULT_TICKET_CONFIG: TicketConfig = {
  rules: DEFAULT_DEADLINE_RULES,
  calendar: DEFAULT_SERVICE_CALENDAR,
  followUp: DEFAULT_FOLLOW_UP_RULES,
  tickMs: 5000,
};

const ruleOverride = z
  .object({ minutes: z.number().positive(), calendar: z.enum(['service', 'always']), warnAt: z.number().gt(0).lt(1), metBy: z.enum(MILESTONES) })
  .partial()
  .strict();

/** A `--ticket-config` file: any part left out keeps the standard's default. */
const ticketConfigFileSchema = z
  .object({
    calendar: businessCalendarSchema,
    rules: z.partialRecord(z.enum(DEADLINE_KINDS), ruleOverride),
    followUp: z.object({ refundOverdueDays: z.number().positive(), logisticsStalledHours: z.number().positive() }).partial().strict(),
    tickMs: z.number().int().min(100).max(3_600_000),
  })
  .partial()
  .strict();

/** Validates a config file's JSON over the defaults; throws an Error naming every bad field. */
export function parseTicketConfig(json: unknown): TicketConfig {
  const parsed = ticketConfigFileSchema.safeParse(json);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; '));
  const file = parsed.data;
  const rules = { ...DEFAULT_TICKET_CONFIG.rules };
  for (const kind of DEADLINE_KINDS) rules[kind] = { ...rules[kind], ...file.rules?.[kind] };
  return {
    rules,
    calendar: file.calendar ?? DEFAULT_TICKET_CONFIG.calendar,
    followUp: { ...DEFAULT_TICKET_CONFIG.followUp, ...file.followUp },
    tickMs: file.tickMs ?? DEFAULT_TICKET_CONFIG.tickMs,
  };
}
