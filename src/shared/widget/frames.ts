import { z } from 'zod';
import { MAX_MESSAGE_LENGTH } from '../contract/conversations';
import { WIDGET_LOCALES, type WidgetClientFrame } from './protocol';

/** Server-side validation of what a widget page sends (the page itself does not bundle zod). */
export const widgetSessionRequestSchema = z.object({
  locale: z.enum(WIDGET_LOCALES),
  /** The token the page already holds: kept when the server knows it, replaced when not. */
  token: z.string().min(1).max(200).optional(),
});

export const widgetClientFrameSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('send'), id: z.string().uuid(), body: z.string().trim().min(1).max(MAX_MESSAGE_LENGTH) }),
  z.object({ type: z.literal('csat'), conversationId: z.string().min(1).max(100), score: z.number().int().min(1).max(5) }),
  z.object({
    type: z.literal('ticketSurvey'),
    ticketId: z.string().min(1).max(100),
    resolved: z.boolean(),
    csat: z.number().int().min(1).max(5),
    nps: z.number().int().min(0).max(10),
  }),
]) satisfies z.ZodType<WidgetClientFrame>;
