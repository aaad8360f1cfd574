import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPokes, startTestServer, TestClient, type TestServer } from './helpers';

describe('poke WebSocket', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it("a poke arrives over the WebSocket after another client's push, and the pull it prompts brings the change", async () => {
    const listener = await TestClient.signIn(server.url, 'agent1');
    await listener.sync();
    const pokes = await openPokes(server.url, listener.token);
    try {
      await pokes.next((f) => f.type === 'hello');
      const writer = await TestClient.signIn(server.url, 'agent1');
      const send = writer.nextSend('c-003', '这条消息会触发推送通知');
      await writer.push([send]);

      const poke = await pokes.next((f) => f.type === 'poke');
      if (poke.type !== 'poke') throw new Error('expected a poke');
      expect(poke.cursor).toBeGreaterThan(listener.cursor ?? Infinity);
      const [page] = await listener.sync();
      expect(page?.cursor).toBe(poke.cursor);
      expect(page?.changes.some((c) => c.table === 'messages' && c.key.id === (send.args as { id: string }).id)).toBe(true);
    } finally {
      pokes.close();
    }
  });

  it("pokes only the clients whose scope the change touches: not an agent for another agent's conversation", async () => {
    const agent1 = await TestClient.signIn(server.url, 'agent1');
    const agent2 = await TestClient.signIn(server.url, 'agent2');
    const supervisor = await TestClient.signIn(server.url, 'supervisor1');
    const [own, other, all] = await Promise.all([openPokes(server.url, agent1.token), openPokes(server.url, agent2.token), openPokes(server.url, supervisor.token)]);
    try {
      await Promise.all([own, other, all].map((p) => p.next((f) => f.type === 'hello')));
      await agent1.push([agent1.nextSend('c-004', '只有相关的人会被通知')]);
      await own.next((f) => f.type === 'poke');
      await all.next((f) => f.type === 'poke');
      // agent2 gets a poke for its own conversation, and that one only.
      await agent2.push([agent2.nextSend('c-012', '二号坐席的回复')]);
      await other.next((f) => f.type === 'poke');
      expect(other.frames.filter((f) => f.type === 'poke')).toHaveLength(1);
    } finally {
      for (const p of [own, other, all]) p.close();
    }
  });

  it('a push that changes nothing (a retried batch) pokes nobody', async () => {
    const writer = await TestClient.signIn(server.url, 'agent1');
    const batch = [writer.nextSend('c-003', '只推送一次')];
    await writer.push(batch);
    const pokes = await openPokes(server.url, writer.token);
    try {
      await pokes.next((f) => f.type === 'hello');
      expect((await writer.push(batch)).results).toEqual([{ seq: 1, status: 'duplicate' }]);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(pokes.frames.filter((f) => f.type === 'poke')).toEqual([]);
    } finally {
      pokes.close();
    }
  });
});
