import { describe, expect, it } from 'vitest';
import type { OrderStatus } from '../../src/shared/domain/enums';
import { checkRefund, NO_REASON_RETURN_DAYS } from '../../src/shared/tickets/refund-rules';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
const now = '2026-11-20T10:00:00.000Z';
const before = (ms: number) => new Date(Date.parse(now) - ms).toISOString();

function order(status: OrderStatus, deliveredMsAgo = 0) {
  return { status, placed_at: before(40 * DAY_MS), updated_at: before(deliveredMsAgo) };
}

describe('checkRefund', () => {
  it.each([
    ['unpaid', { verdict: 'not_refundable', reason: 'unpaid' }],
    ['paid', { verdict: 'refund_directly', reason: 'not_shipped' }],
    ['shipped', { verdict: 'return_then_refund', reason: 'in_transit' }],
    ['refunding', { verdict: 'not_refundable', reason: 'already_refunding' }],
    ['refunded', { verdict: 'not_refundable', reason: 'already_refunded' }],
    ['cancelled', { verdict: 'not_refundable', reason: 'cancelled' }],
  ] as const)('routes a %s order', (status, expected) => {
    expect(checkRefund(order(status), now)).toEqual(expected);
  });

  it('gives the full no-reason window for an order delivered just now', () => {
    expect(checkRefund(order('delivered', 0), now)).toEqual({ verdict: 'return_then_refund', reason: 'within_no_reason_window', daysLeft: 7 });
  });

  it('counts the days left from the delivery (updated_at), not from when the order was placed, rounding up', () => {
    expect(checkRefund(order('delivered', DAY_MS), now)).toEqual({ verdict: 'return_then_refund', reason: 'within_no_reason_window', daysLeft: 6 });
    expect(checkRefund(order('delivered', 2.5 * DAY_MS), now)).toEqual({ verdict: 'return_then_refund', reason: 'within_no_reason_window', daysLeft: 5 });
    expect(checkRefund(order('delivered', 7 * DAY_MS - 60_000), now)).toEqual({ verdict: 'return_then_refund', reason: 'within_no_reason_window', daysLeft: 1 });
  });

  it('still allows a no-reason return exactly 7 × 24 h after delivery, but not a minute later', () => {
    expect(NO_REASON_RETURN_DAYS).toBe(7);
    expect(checkRefund(order('delivered', 7 * DAY_MS), now)).toEqual({ verdict: 'return_then_refund', reason: 'within_no_reason_window', daysLeft: 0 });
    expect(checkRefund(order('delivered', 7 * DAY_MS + 60_000), now)).toEqual({ verdict: 'needs_review', reason: 'outside_no_reason_window', daysSinceDelivery: 7 });
  });

  it('sends an order delivered long ago to review with the whole days since delivery', () => {
    expect(checkRefund(order('delivered', 30 * DAY_MS + 5 * HOUR_MS), now)).toEqual({ verdict: 'needs_review', reason: 'outside_no_reason_window', daysSinceDelivery: 30 });
  });

  it('never shows more than 7 days left when the desk clock is behind the delivery stamp', () => {
    expect(checkRefund(order('delivered', -HOUR_MS), now)).toEqual({ verdict: 'return_then_refund', reason: 'within_no_reason_window', daysLeft: 7 });
  });

  it('throws RangeError on an unreadable time instead of guessing a verdict', () => {
    expect(() => checkRefund(order('delivered', DAY_MS), 'soon')).toThrow(RangeError);
    expect(() => checkRefund({ ...order('delivered'), updated_at: '' }, now)).toThrow(RangeError);
  });
});
