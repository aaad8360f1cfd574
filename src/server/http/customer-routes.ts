import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import sirv from 'sirv';
import { INBOUND_PATH_PREFIX, INBOUND_SURVEY_SUFFIX, inboundMessageSchema, inboundSurveySchema, isInboundChannel } from '../../shared/channels/protocol';
import { widgetSessionRequestSchema } from '../../shared/widget/frames';
import { WIDGET_PATHS, type WidgetSessionResponse } from '../../shared/widget/protocol';
import { bearerToken } from '../auth/sessions';
import { channelKeyMatches, receiveInbound, receiveInboundSurvey, SurveyNotFound } from '../channels/inbound';
import type { ChannelConfig } from '../channels/config';
import type { Store } from '../db/open-store';
import type { RoutingConfig } from '../routing/config';
import { widgetSession } from '../widget/widget-hub';
import { HttpError, parse, readJson, send, type ServerLog } from './routes';

export interface CustomerRouteContext {
  store: Store;
  now: () => Date;
  log: ServerLog;
  routing: RoutingConfig;
  channels: ChannelConfig;
  /** The built widget page (npm run build:widget); null: not served. */
  widgetDir: string | null;
}

const HOST = /^[a-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-f:.]+\](:\d{1,5})?$/i;

/**
 * The widget page runs customers' sessions next to untrusted text: scripts and styles only from
 * this server, connections only back to it, nothing inline, no plugins, no forms elsewhere.
 */
function widgetHeaders(res: ServerResponse, host: string | undefined): void {
  const sockets = host && HOST.test(host) ? ` ws://${host} wss://${host}` : '';
  res.setHeader(
    'Content-Security-Policy',
    `default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'${sockets}; base-uri 'none'; form-action 'none'; frame-ancestors 'self'`,
  );
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
}

/**
 * What customers and channels reach: the widget page and its session endpoint, and the inbound
 * channel API. Resolves false for any other path (the sync routes handle those).
 */
export function customerRoutes(ctx: CustomerRouteContext): (req: IncomingMessage, res: ServerResponse, path: string) => Promise<boolean> {
  const widgetBuilt = ctx.widgetDir !== null && existsSync(join(ctx.widgetDir, 'index.html'));
  const serveWidget = widgetBuilt && ctx.widgetDir ? sirv(ctx.widgetDir, { etag: true, dev: false }) : null;

  const inbound = async (req: IncomingMessage, res: ServerResponse, rest: string) => {
    const survey = rest.endsWith(INBOUND_SURVEY_SUFFIX);
    const channel = survey ? rest.slice(0, -INBOUND_SURVEY_SUFFIX.length) : rest;
    if (!isInboundChannel(channel)) throw new HttpError(404, { code: 'invalid_request', messageKey: 'errors:inbound.unknown_channel' });
    if (req.method !== 'POST') throw new HttpError(405, { code: 'invalid_request', messageKey: 'errors:sync.not_found' }, { allow: 'POST' });
    if (!channelKeyMatches(ctx.channels, channel, bearerToken(req.headers.authorization))) {
      throw new HttpError(401, { code: 'unauthorized', messageKey: 'errors:inbound.unauthorized' }, { 'www-authenticate': 'Bearer' });
    }
    if (survey) {
      const answer = parse(inboundSurveySchema, await readJson(req));
      try {
        send(res, 200, await receiveInboundSurvey(ctx.store, channel, answer, ctx.now()));
      } catch (error) {
        if (error instanceof SurveyNotFound) throw new HttpError(404, { code: 'invalid_request', messageKey: 'ticket-admin:errors.no_survey' });
        throw error;
      }
      return;
    }
    const message = parse(inboundMessageSchema, await readJson(req));
    send(res, 200, await receiveInbound(ctx.store, ctx.routing, channel, message, ctx.now()));
  };

  return async (req, res, path) => {
    if (path.startsWith(INBOUND_PATH_PREFIX)) {
      await inbound(req, res, path.slice(INBOUND_PATH_PREFIX.length));
      return true;
    }
    if (path === WIDGET_PATHS.session) {
      if (req.method !== 'POST') throw new HttpError(405, { code: 'invalid_request', messageKey: 'errors:sync.not_found' }, { allow: 'POST' });
      const { locale, token } = parse(widgetSessionRequestSchema, await readJson(req));
      send(res, 200, { token: await widgetSession(ctx.store, locale, token, ctx.now()) } satisfies WidgetSessionResponse);
      return true;
    }
    if (path === '/widget') {
      // Relative asset URLs in the page resolve against the directory, so the slash matters.
      res.writeHead(308, { location: WIDGET_PATHS.page }).end();
      return true;
    }
    if (path.startsWith(WIDGET_PATHS.page)) {
      if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, { code: 'invalid_request', messageKey: 'errors:sync.not_found' }, { allow: 'GET' });
      if (!serveWidget) {
        res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' }).end('The chat widget is not built: run "npm run build:widget".\n');
        return true;
      }
      widgetHeaders(res, req.headers.host);
      req.url = (req.url ?? '/').slice(WIDGET_PATHS.page.length - 1);
      serveWidget(req, res, () => {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
      });
      return true;
    }
    return false;
  };
}
