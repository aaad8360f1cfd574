// One workstation of the chaos test, as its own process so it can be killed with SIGKILL.
// Acts at random (seeded) on its replica; journals each reply only after the core accepted it,
// so a journaled reply must end up on the server or be visibly rejected, never lost.
// On SIGTERM it stops acting, waits until its outbox is drained, and exits 0.
import { appendFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { ConversationSummary, SyncStatusView } from '../../src/shared/contract';
import { seededRandom } from '../seeded-random';

const { values } = parseArgs({
  options: {
    server: { type: 'string' },
    'data-dir': { type: 'string' },
    user: { type: 'string' },
    password: { type: 'string' },
    seed: { type: 'string', default: '1' },
    journal: { type: 'string' },
    name: { type: 'string', default: 'client' },
  },
});
const { server, user, password, journal } = values;
const dataDir = values['data-dir'];
if (!server || !dataDir || !user || !password || !journal) {
  console.error('usage: chaos-client --server URL --data-dir DIR --user U --password P --journal FILE [--seed N] [--name NAME]');
  process.exit(2);
}

// Before anything slow: a SIGTERM during start-up must still mean "drain, then exit". Static
// imports would load the whole core before this line runs, so the core is imported below.
let stopping = false;
process.on('SIGTERM', () => {
  stopping = true;
});
const { createCore } = await import('../../src/main/core/create-core');
const random = seededRandom(Number(values.seed));
const quiet = { info: () => {}, warn: () => {}, error: (m: string, d?: unknown) => console.error(m, d ?? '') };
const core = await createCore({ dataDir, log: quiet, sync: { serverUrl: server, credentials: { username: user, password }, maxBackoffMs: 400, pollIntervalMs: 1000 } });

let counter = 0;
while (!stopping) {
  await new Promise((r) => setTimeout(r, 10 + random() * 60));
  let conversations: ConversationSummary[];
  try {
    conversations = (await core.invoke('conversation.list', {})) as ConversationSummary[];
  } catch {
    continue; // not signed in yet: the first bootstrap is still running
  }
  const active = conversations.filter((c) => c.status === 'active');
  const target = active[Math.floor(random() * active.length)];
  if (!target) continue;
  const roll = random();
  try {
    if (roll < 0.8) {
      const body = `chaos ${values.name} #${++counter} ${random().toString(36).slice(2, 8)}`;
      const { id } = (await core.invoke('message.send', { conversationId: target.id, body })) as { id: string };
      appendFileSync(journal, `${JSON.stringify({ id, body, conversationId: target.id })}\n`);
    } else if (roll < 0.95) {
      await core.invoke('conversation.markRead', { conversationId: target.id });
    } else {
      await core.invoke('conversation.close', { conversationId: target.id });
    }
  } catch {
    // Refused locally (e.g. the chat was closed meanwhile): nothing was queued, nothing to journal.
  }
}

const deadline = Date.now() + 60_000;
for (;;) {
  await core.invoke('sync.now', {});
  const status = (await core.invoke('sync.status', {})) as SyncStatusView;
  if (status.connection === 'online' && status.pendingCount === 0) break;
  if (Date.now() > deadline) {
    console.error(`chaos client ${values.name} could not drain its outbox: ${JSON.stringify(status)}`);
    process.exit(1);
  }
  await new Promise((r) => setTimeout(r, 200));
}
await core.close();
process.exit(0);
