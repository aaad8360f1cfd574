import { z } from 'zod';

/**
 * The wire protocol between a desktop replica and the central server (ARCHITECTURE.md,
 * "Data and sync"). Clients send mutations, never rows; the server sends rows, never
 * mutations. Bumping PROTOCOL_VERSION is a breaking change: the server answers older
 * clients with `update_required`.
 */
export const PROTOCOL_VERSION = 1;

export const SYNC_PATHS = {
  login: '/api/auth/login',
  push: '/api/sync/push',
  pull: '/api/sync/pull',
  /** WebSocket; the token goes in the `token` query parameter. */
  poke: '/api/sync/ws',
  health: '/api/health',
  /** POST an AuditSearchInput (src/shared/contract/tickets.ts); supervisors and admins only. */
  auditSearch: '/api/audit/search',
  /** POST {}: colleagues and skill groups with presence and load right now (HandoffDirectoryView, src/shared/contract/handoff.ts). */
  handoffDirectory: '/api/handoff/directory',
} as const;

/** Sent with every push and pull so the server can refuse clients it cannot serve. */
export const clientHelloSchema = z.object({
  clientId: z.string().uuid(),
  protocolVersion: z.number().int().positive(),
  /** Name of the newest replica migration the client has applied. */
  schemaVersion: z.string().min(1),
});
export type ClientHello = z.infer<typeof clientHelloSchema>;

export const loginRequestSchema = z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) });
export type LoginRequest = z.infer<typeof loginRequestSchema>;
export interface LoginResponse {
  token: string;
  userId: string;
  role: 'admin' | 'supervisor' | 'agent' | 'trainee';
}

export const pushedMutationSchema = z.object({
  /** Per-client, strictly increasing from 1 without gaps: the outbox's seq. The idempotency key is (clientId, seq). */
  seq: z.number().int().positive(),
  /** A mutator name from src/shared/mutations (`domain.verb`). */
  name: z.string().min(1).max(100),
  args: z.unknown(),
  /** When the user did it (client clock; informational only, the server stamps its own time). */
  createdAt: z.string(),
});
export type PushedMutation = z.infer<typeof pushedMutationSchema>;

export const pushRequestSchema = clientHelloSchema.extend({
  mutations: z.array(pushedMutationSchema).max(500),
});
export type PushRequest = z.infer<typeof pushRequestSchema>;

export interface PushResult {
  seq: number;
  /** applied: done now; duplicate: already done before (a retry); rejected: permanently refused, never retried. */
  status: 'applied' | 'duplicate' | 'rejected';
  /** i18n key in the 'errors' namespace, for rejected mutations. */
  messageKey?: string;
}

export interface PushResponse {
  /** Highest seq of this client the server has processed (applied or rejected). */
  lastMutationSeq: number;
  results: PushResult[];
  /**
   * Set when the server stopped before the end of the batch: 'gap' when a seq is missing
   * (the client must resend from lastMutationSeq + 1), 'transient' when the server failed
   * and the client should retry later. Nothing after the stop was applied.
   */
  stopped?: { seq: number; reason: 'gap' | 'transient' };
}

export const pullRequestSchema = clientHelloSchema.extend({
  /**
   * null on an empty replica: the server starts a paged bootstrap. During a bootstrap the
   * client echoes `bootstrap` from the previous page so an interrupted bootstrap resumes.
   */
  cursor: z.number().int().nonnegative().nullable(),
  bootstrap: z.string().max(2000).nullable().default(null),
  limit: z.number().int().min(1).max(5000).default(1000),
});
export type PullRequest = z.infer<typeof pullRequestSchema>;

export interface RowChange {
  table: string;
  op: 'put' | 'delete';
  /** Primary key as column → value (composite keys such as group_members have two). */
  key: Record<string, string>;
  /** The whole row for 'put', in the domain tables' column names. */
  row?: Record<string, unknown>;
}

export type PullResponse =
  | {
      kind: 'changes';
      changes: RowChange[];
      /** Resume point: pass it back as `cursor` (and `bootstrap` while it is non-null). */
      cursor: number;
      /** Opaque bootstrap continuation; null once the replica is complete up to `cursor`. */
      bootstrap: string | null;
      /** More pages are waiting right now; pull again without waiting for a poke. */
      more: boolean;
      /** Highest seq of this client the server has processed: everything up to it is acknowledged. */
      lastMutationSeq: number;
      /** Rejections of this client's mutations, so a client whose push response was lost still learns them. */
      rejected: { seq: number; messageKey: string }[];
      /** Approximate rows still to come in a bootstrap, for the progress bar. */
      remaining?: number;
    }
  | {
      /** The cursor is older than the retained change log (or the scope changed wholesale): re-bootstrap. */
      kind: 'reset';
      reason: 'cursor_expired' | 'scope_changed';
    };

/** Error bodies of every sync endpoint (HTTP 4xx/5xx). */
export interface SyncErrorBody {
  code: 'unauthorized' | 'forbidden' | 'update_required' | 'invalid_request' | 'internal';
  messageKey: string;
  /** For update_required: what the server needs at least. */
  minProtocolVersion?: number;
  minSchemaVersion?: string;
}

/** Frames the server sends on the poke WebSocket. Pokes carry no data: the client pulls. */
export type PokeFrame = { type: 'poke'; cursor: number } | { type: 'hello'; serverTime: string };
