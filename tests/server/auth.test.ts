import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { SYNC_PATHS, type LoginResponse, type SyncErrorBody } from '../../src/shared/sync/protocol';
import { postJson, SCHEMA_VERSION, startTestServer, type TestServer } from './helpers';

describe('login and per-user tokens', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  const pull = (token?: string) =>
    postJson<SyncErrorBody>(server.url + SYNC_PATHS.pull, { clientId: crypto.randomUUID(), protocolVersion: 1, schemaVersion: SCHEMA_VERSION, cursor: null }, token);

  it('signs a user in with the right password and answers with their id and role from the users table', async () => {
    const agent = await postJson<LoginResponse>(server.url + SYNC_PATHS.login, { username: 'agent1', password: 'demo' });
    expect(agent.status).toBe(200);
    expect(agent.body).toMatchObject({ userId: 'u-agent-1', role: 'agent' });
    expect(agent.body.token.length).toBeGreaterThanOrEqual(40);
    const supervisor = await postJson<LoginResponse>(server.url + SYNC_PATHS.login, { username: 'supervisor1', password: 'demo' });
    expect(supervisor.body).toMatchObject({ userId: 'u-sup-1', role: 'supervisor' });
    expect(supervisor.body.token).not.toBe(agent.body.token);
    expect((await pull(agent.body.token)).status).toBe(200);
  });

  it('refuses a wrong password and an unknown user alike with 401', async () => {
    for (const body of [
      { username: 'agent1', password: 'wrong' },
      { username: 'nobody', password: 'demo' },
    ]) {
      const result = await postJson<SyncErrorBody>(server.url + SYNC_PATHS.login, body);
      expect(result.status).toBe(401);
      expect(result.body).toEqual({ code: 'unauthorized', messageKey: 'errors:auth.invalid_credentials' });
    }
  });

  it('answers 400 with the failed checks when the login body is malformed', async () => {
    const result = await postJson<SyncErrorBody & { issues: { path: string[] }[] }>(server.url + SYNC_PATHS.login, { username: 'agent1' });
    expect(result.status).toBe(400);
    expect(result.body.code).toBe('invalid_request');
    expect(result.body.issues.map((i) => i.path.join('.'))).toContain('password');
  });

  it('refuses push and pull without a token or with an invalid one with 401', async () => {
    for (const token of [undefined, 'not-a-token']) {
      const result = await pull(token);
      expect(result.status).toBe(401);
      expect(result.body).toEqual({ code: 'unauthorized', messageKey: 'errors:sync.unauthorized' });
      const pushed = await postJson<SyncErrorBody>(server.url + SYNC_PATHS.push, { clientId: crypto.randomUUID(), protocolVersion: 1, schemaVersion: SCHEMA_VERSION, mutations: [] }, token);
      expect(pushed.status).toBe(401);
    }
  });

  it('refuses the poke WebSocket without a valid token', async () => {
    const url = new URL(SYNC_PATHS.poke, server.url);
    url.protocol = 'ws:';
    url.searchParams.set('token', 'not-a-token');
    const status = await new Promise<number>((resolve, reject) => {
      const socket = new WebSocket(url);
      socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      socket.once('open', () => reject(new Error('opened without a valid token')));
      socket.once('error', () => {});
    });
    expect(status).toBe(401);
  });
});
