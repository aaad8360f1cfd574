/**
 * SPEC §6: the refund rule check surfaced when a customer asks for a refund — not shipped means
 * refund directly; delivered within the 7-day no-reason window (7天無理由退貨) means return, then refund.
 */
import type { OrderStatus } from '../domain/enums';

export const NO_REASON_RETURN_DAYS = 7;

export type RefundCheck =
  | { verdict: 'refund_directly'; reason: 'not_shipped' }
  | { verdict: 'return_then_refund'; reason: 'within_no_reason_window'; daysLeft: number }
  | { verdict: 'return_then_refund'; reason: 'in_transit' }
  | { verdict: 'needs_review'; reason: 'outside_no_reason_window'; daysSinceDelivery: number }
  | { verdict: 'not_refundable'; reason: 'unpaid' | 'already_refunding' | 'already_refunded' | 'cancelled' };

const DAY_MS = 24 * 60 * 60 * 1000;

function parseInstant(iso: string, name: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`${name} is not an ISO-8601 instant: ${JSON.stringify(iso)}`);
  return ms;
}

/**
 * The refund route for an order right now. A delivered order's `updated_at` is its delivery time;
 * the window is measured in 24-hour periods, so exactly 7 × 24 h after delivery is still inside it.
 */
export function checkRefund(order: { status: OrderStatus; placed_at: string; updated_at: string }, nowIso: string): RefundCheck {
  switch (order.status) {
    case 'unpaid':
      return { verdict: 'not_refundable', reason: 'unpaid' };
    case 'paid':
      return { verdict: 'refund_directly', reason: 'not_shipped' };
    case 'shipped':
      return { verdict: 'return_then_refund', reason: 'in_transit' };
    case 'delivered': {
      // A desk clock running behind the server's delivery stamp must not show more than 7 days left.
      const sinceDeliveryMs = Math.max(0, parseInstant(nowIso, 'nowIso') - parseInstant(order.updated_at, 'updated_at'));
      const windowMs = NO_REASON_RETURN_DAYS * DAY_MS;
      if (sinceDeliveryMs <= windowMs) {
        return { verdict: 'return_then_refund', reason: 'within_no_reason_window', daysLeft: Math.ceil((windowMs - sinceDeliveryMs) / DAY_MS) };
      }
      return { verdict: 'needs_review', reason: 'outside_no_reason_window', daysSinceDelivery: Math.floor(sinceDeliveryMs / DAY_MS) };
    }
    case 'refunding':
      return { verdict: 'not_refundable', reason: 'already_refunding' };
    case 'refunded':
      return { verdict: 'not_refundable', reason: 'already_refunded' };
    case 'cancelled':
      return { verdict: 'not_refundable', reason: 'cancelled' };
  }
}
