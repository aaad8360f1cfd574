import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startHost, type RunningHost } from '../../src/main/host/start-host';
import type { ServerFrame } from '../../src/shared/contract/wire';
import { fixedClock, silentLog, tempDir } from '../support/replica';

describe('browser host WebSocket bridge', () => {
  const dir = tempDir('ws-bridge');
  let host: RunningHost;

  beforeAll(async () => {
    const rendererDir = join(dir.path, 'renderer');
    mkdirSync(rendererDir);
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>test</title>');
    host = await startHost({ dataDir: join(dir.path, 'data'), rendererDir, port: 0, demo: true, clock: fixedClock('2026-11-22T10:00:00Z'), log: silentLog });
  });
  afterAll(async () => {
    await host.close();
    dir.remove();
  });

  const wsUrl = () => host.url.replace('http', 'ws') + '/api';

  function connect(origin: string): Promise<WebSocket> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(wsUrl(), { origin });
      ws.once('open', () => resolve(ws));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  function frames(ws: WebSocket): ServerFrame[] {
    const received: ServerFrame[] = [];
    ws.on('message', (data) => received.push(JSON.parse(data.toString()) as ServerFrame));
    return received;
  }

  const until = async (check: () => boolean) => {
    for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
    expect(check()).toBe(true);
  };

  it('answers calls and pushes "tables changed" events to every connected page', async () => {
    const a = await connect(host.url);
    const b = await connect(host.url);
    const fromA = frames(a);
    const fromB = frames(b);
    a.send(JSON.stringify({ id: 1, channel: 'conversation.list', input: {} }));
    await until(() => fromA.some((f) => 'id' in f && f.id === 1));
    const listed = fromA.find((f) => 'id' in f && f.id === 1);
    if (!listed || !('ok' in listed) || !listed.ok) throw new Error('list failed');
    const conversations = listed.result as { id: string; status: string }[];
    const active = conversations.find((c) => c.status === 'active');
    if (!active) throw new Error('no active chat');

    a.send(JSON.stringify({ id: 2, channel: 'message.send', input: { conversationId: active.id, body: '好的，马上处理' } }));
    await until(() => fromB.some((f) => 'event' in f && f.event.tables.includes('messages')));
    a.close();
    b.close();
  });

  it('returns errors as data the page can translate', async () => {
    const ws = await connect(host.url);
    const received = frames(ws);
    ws.send(JSON.stringify({ id: 7, channel: 'message.send', input: { conversationId: 'x', body: '' } }));
    await until(() => received.length > 0);
    expect(received[0]).toMatchObject({ id: 7, ok: false, error: { code: 'invalid_input' } });
    ws.close();
  });

  it('refuses pages from another origin', async () => {
    await expect(connect('http://evil.example')).rejects.toThrow(/403/);
  });

  it('closes the connection on a malformed frame', async () => {
    const ws = await connect(host.url);
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send('not json');
    expect(await closed).toBe(1003);
  });

  it('serves the renderer for any page path', async () => {
    const response = await fetch(`${host.url}/some/deep/link`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>test</title>');
  });
});
