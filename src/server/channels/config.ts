import { isInboundChannel, type InboundChannel } from '../../shared/channels/protocol';

export interface DeliveryRetry {
  /** Wait before the second attempt; each further wait doubles. */
  firstMs: number;
  maxMs: number;
  /** After this many failed attempts the delivery is marked failed and left for a person. */
  attempts: number;
}

export interface ChannelConfig {
  /** Inbound key per channel; a channel without one refuses every post. */
  keys: Partial<Record<InboundChannel, string>>;
  /** Where agents' replies are posted per channel; without one they wait, queued, until one is configured. */
  webhooks: Partial<Record<InboundChannel, string>>;
  retry: DeliveryRetry;
  /** How often due deliveries are looked for besides right after a reply is written. */
  pollMs: number;
}

export const DEFAULT_CHANNEL_CONFIG: ChannelConfig = {
  keys: {},
  webhooks: {},
  retry: { firstMs: 1000, maxMs: 60_000, attempts: 10 },
  pollMs: 1000,
};

/** `app=VALUE` items (flags or a comma-separated variable) → per-channel values; throws on anything else. */
export function parseChannelValues(items: readonly string[], what: string): Partial<Record<InboundChannel, string>> {
  const values: Partial<Record<InboundChannel, string>> = {};
  for (const item of items) {
    const at = item.indexOf('=');
    const channel = at > 0 ? item.slice(0, at).trim() : '';
    const value = at > 0 ? item.slice(at + 1).trim() : '';
    if (!isInboundChannel(channel) || value.length === 0) throw new Error(`${what} must look like app=VALUE (channels: app, wechat, email, phone), got "${item}"`);
    values[channel] = value;
  }
  return values;
}
