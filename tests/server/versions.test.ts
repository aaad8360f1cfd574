import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, SYNC_PATHS, type SyncErrorBody } from '../../src/shared/sync/protocol';
import { postJson, SCHEMA_VERSION, startTestServer, TestClient, type TestServer } from './helpers';

describe('old client vs new server', () => {
  let server: TestServer;
  let client: TestClient;
  beforeAll(async () => {
    server = await startTestServer();
    client = await TestClient.signIn(server.url, 'agent1');
  });
  afterAll(() => server.close());

  const updateRequired: SyncErrorBody = {
    code: 'update_required',
    messageKey: 'errors:sync.update_required',
    minProtocolVersion: PROTOCOL_VERSION,
    minSchemaVersion: '0010-kb-review',
  };

  it('answers an older protocol version with 426 update_required on push and pull, and applies nothing', async () => {
    const send = client.nextSend('c-001', '旧版本客户端的消息');
    const push = await postJson<SyncErrorBody>(server.url + SYNC_PATHS.push, { ...client.hello(), protocolVersion: 0, mutations: [send] }, client.token);
    expect(push).toEqual({ status: 426, body: updateRequired });
    const pull = await postJson<SyncErrorBody>(server.url + SYNC_PATHS.pull, { ...client.hello(), protocolVersion: 0, cursor: null }, client.token);
    expect(pull).toEqual({ status: 426, body: updateRequired });
    expect(await server.store.db.selectFrom('messages').select('id').where('id', '=', (send.args as { id: string }).id).execute()).toEqual([]);
  });

  it('answers a replica schema older than the oldest one served with 426, even when the rest of the body is from another era', async () => {
    const pull = await postJson<SyncErrorBody>(server.url + SYNC_PATHS.pull, { clientId: 'legacy-7', protocolVersion: 1, schemaVersion: '0000-prehistoric', since: 12 }, client.token);
    expect(pull).toEqual({ status: 426, body: updateRequired });
  });

  it('serves the current and newer replica schemas', async () => {
    for (const schemaVersion of [SCHEMA_VERSION, '0099-from-the-future']) {
      const pull = await postJson(server.url + SYNC_PATHS.pull, { ...client.hello(), schemaVersion, cursor: null, limit: 1 }, client.token);
      expect(pull.status).toBe(200);
    }
  });

  it('announces its versions on the health endpoint', async () => {
    const health = await fetch(server.url + SYNC_PATHS.health);
    expect(await health.json()).toEqual({ ok: true, store: 'sqlite', protocolVersion: PROTOCOL_VERSION, minSchemaVersion: '0010-kb-review' });
  });
});
