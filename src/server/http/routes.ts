import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import {
  loginRequestSchema,
  PROTOCOL_VERSION,
  pullRequestSchema,
  pushRequestSchema,
  SYNC_PATHS,
  type SyncErrorBody,
} from '../../shared/sync/protocol';
import { authenticate, bearerToken, login } from '../auth/sessions';
import { auditSearchInput } from '../../shared/contract/tickets';
import { searchAudit } from '../audit/audit-log';
import type { Store } from '../db/open-store';
import type { RoutingConfig } from '../routing/config';
import { handoffDirectory } from '../routing/directory';
import type { TicketConfig } from '../tickets/config';
import { pull } from '../sync/pull';
import { push } from '../sync/push';
import type { Viewer } from '../sync/scope';
import { MIN_REPLICA_SCHEMA_VERSION, updateRequired } from '../sync/versions';

export interface ServerLog {
  error(message: string, error?: unknown): void;
}

export interface RouteContext {
  store: Store;
  now: () => Date;
  log: ServerLog;
  tickets: TicketConfig;
  routing: RoutingConfig;
  /** Routes outside the sync protocol (customers' widget, inbound channels): true when handled. */
  moreRoutes?: (req: IncomingMessage, res: ServerResponse, path: string) => Promise<boolean>;
}

/** A push of 500 messages at the 5,000-character limit, with room for JSON escaping. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

interface ValidationIssue {
  path: string[];
  code: string;
  message: string;
}

/** SyncErrorBody plus the failed checks of an invalid request (an additive field). */
type ErrorBody = SyncErrorBody & { issues?: ValidationIssue[] };

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
    readonly headers: Record<string, string> = {},
  ) {
    super(body.messageKey);
  }
}

const invalid = (messageKey: string, issues?: ValidationIssue[]) =>
  new HttpError(400, issues ? { code: 'invalid_request', messageKey, issues } : { code: 'invalid_request', messageKey });

export function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json), 'cache-control': 'no-store', ...headers });
  res.end(json);
}

export async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, { code: 'invalid_request', messageKey: 'errors:sync.request_too_large' }, { connection: 'close' });
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw invalid('errors:sync.invalid_request');
  }
}

export function parse<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  throw invalid(
    'errors:sync.invalid_request',
    result.error.issues.map((issue) => ({ path: issue.path.map(String), code: issue.code, message: issue.message })),
  );
}

async function viewerOf(req: IncomingMessage, ctx: RouteContext): Promise<Viewer> {
  const user = await authenticate(ctx.store.db, bearerToken(req.headers.authorization), ctx.now());
  if (!user) throw new HttpError(401, { code: 'unauthorized', messageKey: 'errors:sync.unauthorized' }, { 'www-authenticate': 'Bearer' });
  return user;
}

/** Authenticated, current and well-formed: the order a client can act on (sign in, update, fix). */
async function syncRequest<S extends z.ZodType>(req: IncomingMessage, ctx: RouteContext, schema: S): Promise<{ viewer: Viewer; request: z.output<S> }> {
  const viewer = await viewerOf(req, ctx);
  const body = await readJson(req);
  const outdated = updateRequired(body);
  if (outdated) throw new HttpError(426, outdated);
  return { viewer, request: parse(schema, body) };
}

type Handler = (req: IncomingMessage, ctx: RouteContext) => Promise<unknown>;

const routes: Record<string, { method: 'GET' | 'POST'; handle: Handler }> = {
  [SYNC_PATHS.health]: {
    method: 'GET',
    handle: async (_req, ctx) => ({ ok: true, store: ctx.store.dialect, protocolVersion: PROTOCOL_VERSION, minSchemaVersion: MIN_REPLICA_SCHEMA_VERSION }),
  },
  [SYNC_PATHS.login]: {
    method: 'POST',
    handle: async (req, ctx) => {
      const { username, password } = parse(loginRequestSchema, await readJson(req));
      const session = await login(ctx.store.db, username, password, ctx.now());
      if (!session) throw new HttpError(401, { code: 'unauthorized', messageKey: 'errors:auth.invalid_credentials' });
      return session;
    },
  },
  [SYNC_PATHS.push]: {
    method: 'POST',
    handle: async (req, ctx) => {
      const { viewer, request } = await syncRequest(req, ctx, pushRequestSchema);
      return push(ctx.store, viewer, request, ctx.now, ctx.log, { tickets: ctx.tickets, routing: ctx.routing });
    },
  },
  [SYNC_PATHS.pull]: {
    method: 'POST',
    handle: async (req, ctx) => {
      const { viewer, request } = await syncRequest(req, ctx, pullRequestSchema);
      return pull(ctx.store, viewer, request);
    },
  },
  [SYNC_PATHS.handoffDirectory]: {
    method: 'POST',
    handle: async (req, ctx) => {
      const viewer = await viewerOf(req, ctx);
      await readJson(req);
      return handoffDirectory(ctx.store.readDb, viewer.userId);
    },
  },
  [SYNC_PATHS.auditSearch]: {
    method: 'POST',
    handle: async (req, ctx) => {
      const viewer = await viewerOf(req, ctx);
      if (viewer.role !== 'supervisor' && viewer.role !== 'admin') throw new HttpError(403, { code: 'forbidden', messageKey: 'errors:audit.forbidden' });
      return searchAudit(ctx.store.db, parse(auditSearchInput, await readJson(req)));
    },
  },
};

export async function handleRequest(req: IncomingMessage, res: ServerResponse, ctx: RouteContext): Promise<void> {
  try {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (ctx.moreRoutes && (await ctx.moreRoutes(req, res, path))) return;
    const route = Object.prototype.hasOwnProperty.call(routes, path) ? routes[path] : undefined;
    if (!route) throw new HttpError(404, { code: 'invalid_request', messageKey: 'errors:sync.not_found' });
    if (req.method !== route.method) throw new HttpError(405, { code: 'invalid_request', messageKey: 'errors:sync.not_found' }, { allow: route.method });
    send(res, 200, await route.handle(req, ctx));
  } catch (error) {
    if (error instanceof HttpError) return send(res, error.status, error.body, error.headers);
    ctx.log.error(`${req.method ?? '?'} ${req.url ?? '?'} failed`, error);
    if (!res.headersSent) send(res, 500, { code: 'internal', messageKey: 'errors:api.internal' } satisfies ErrorBody);
    else res.destroy();
  }
}
