import { DEFAULT_AVERAGE_HANDLING_MS } from '../../shared/handoff/handoff';
import { DEFAULT_LIFECYCLE_TIMES, type LifecycleTimes } from '../../shared/routing/assign';
import { DEFAULT_ROUTING_POLICY, type RoutingPolicy } from '../../shared/routing/policy';

export interface RoutingConfig {
  policy: RoutingPolicy;
  times: LifecycleTimes;
  /** How often the time-based rules (SLA, idle, bot answer) are checked; commits also trigger a pass. */
  tickMs: number;
  /** Dates in the summary of a customer's earlier sessions are written in this zone. */
  timeZone: string;
  /** The average handling time a queued customer's expected wait is estimated from (SPEC §8: 8 min). */
  averageHandlingMs: number;
}

export const DEFAULT_ROUTING_CONFIG: RoutingConfig = {
  policy: DEFAULT_ROUTING_POLICY,
  times: DEFAULT_LIFECYCLE_TIMES,
  tickMs: 1000,
  timeZone: 'Asia/Shanghai',
  averageHandlingMs: DEFAULT_AVERAGE_HANDLING_MS,
};
