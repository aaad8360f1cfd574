import { sql, SqliteAdapter, type Kysely } from 'kysely';
import { addHandoffTables } from '../domain/0003-handoff';

/**
 * Handing chats over (docs/routing.md "Handing over"), on SQLite and PostgreSQL:
 *
 * - The shared domain changes of migrations/domain/0003 (summary, internal notes, invited
 *   colleagues, the hand-over history), the history append-only like messages.
 * - The outbound trigger of 0003 recreated so an internal note is never queued for a channel.
 * - Change capture for the two new synced tables, tagged like messages (the conversation's
 *   assignee and queue) plus every colleague currently in the chat. Further triggers, next to
 *   0001's which stay as they are, carry an invited colleague's tag: on the chat's new messages
 *   and changes while they are in it, and — when an invitation starts or ends, or the chat
 *   closes — on everything that enters or leaves their scope with it (the conversation, its
 *   messages, history, participants, customer and orders). When a conversation changes hands,
 *   its history and participants follow it as 0001 makes its messages follow it.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against whatever schema existed then
export async function up(db: Kysely<any>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  const run = async (statement: string) => {
    await sql.raw(statement).execute(db);
  };
  const capture = async (name: string, table: string, op: string, statements: string[]) => {
    const body = statements.join(';\n');
    if (sqlite) {
      await run(`create trigger ${name} after ${op} on ${table} for each row begin ${body}; end`);
    } else {
      await run(`create function ${name}() returns trigger language plpgsql as $fn$ begin ${body}; return null; end $fn$`);
      await run(`create trigger ${name} after ${op} on ${table} for each row execute function ${name}()`);
    }
  };

  await addHandoffTables(db);

  if (sqlite) {
    for (const op of ['update', 'delete']) {
      await run(`create trigger conversation_events_append_only_${op} before ${op} on conversation_events begin select raise(abort, 'conversation_events are append-only'); end`);
    }
  } else {
    await run(`create trigger conversation_events_append_only before update or delete on conversation_events for each row execute function cs_append_only()`);
  }

  // Internal notes are for agents and supervisors: the trigger that queues replies for a channel skips them.
  const fromChannel = `exists (select 1 from conversations c join channel_customers cc on cc.customer_id = c.customer_id and cc.channel = c.channel where c.id = new.conversation_id)`;
  const enqueue = `insert into outbound_deliveries (message_id, conversation_id, channel, status, attempts, next_attempt_at, created_at)
    values (new.id, new.conversation_id, new.channel, 'pending', 0, new.created_at, new.created_at)`;
  if (sqlite) {
    await run(`drop trigger cs_outbound_enqueue`);
    await run(`create trigger cs_outbound_enqueue after insert on messages for each row
      when new.sender_kind in ('agent','bot') and new.internal = 0 and ${fromChannel} begin ${enqueue}; end`);
  } else {
    await run(`create or replace function cs_outbound_enqueue() returns trigger language plpgsql as $fn$ begin
      if new.sender_kind in ('agent','bot') and new.internal = 0 and ${fromChannel} then ${enqueue}; end if; return null; end $fn$`);
  }

  const agg = (expr: string) => (sqlite ? `group_concat(${expr}, '')` : `string_agg(${expr}, '')`);
  const distinct = (a: string, b: string) => (sqlite ? `(${a} is not ${b})` : `(${a} is distinct from ${b})`);
  // As in 0001: the assignee, and the group while queued.
  const convTags = (r: string) =>
    `coalesce('u:' || ${r}.assignee_id || '|', '') || case when ${r}.status = 'queued' and ${r}.group_id is not null then 'q:' || ${r}.group_id || '|' else '' end`;
  const convTagsOf = (conversationId: string) => `coalesce((select ${convTags('c')} from conversations c where c.id = ${conversationId}), '')`;
  const inChat = (conversationId: string) => `select 1 from conversation_participants p where p.conversation_id = ${conversationId} and p.ended_at is null`;
  const participantTags = (conversationId: string) =>
    `coalesce((select ${agg(`'u:' || p.user_id || '|'`)} from conversation_participants p where p.conversation_id = ${conversationId} and p.ended_at is null), '')`;
  const logRows = (table: string, alias: string, from: string, tags: string, where: string) =>
    `insert into change_log (tbl, row_id, row_id2, tags) select '${table}', ${alias}.id, null, '|' || ${tags} from ${from} ${alias} where ${where}`;
  /** The conversation `id` and everything that enters or leaves a scope with it. */
  const scopeRows = (id: string, tags: string, when: string, { self, excludeParticipant }: { self: boolean; excludeParticipant?: string }) => [
    ...(self ? [logRows('conversations', 'c', 'conversations', tags, `c.id = ${id} and ${when}`)] : []),
    logRows('messages', 'm', 'messages', tags, `m.conversation_id = ${id} and ${when}`),
    logRows('conversation_events', 'e', 'conversation_events', tags, `e.conversation_id = ${id} and ${when}`),
    logRows('conversation_participants', 'x', 'conversation_participants', tags, `x.conversation_id = ${id}${excludeParticipant ? ` and x.id <> ${excludeParticipant}` : ''} and ${when}`),
    logRows('customers', 'cu', 'customers', tags, `cu.id in (select c.customer_id from conversations c where c.id = ${id}) and ${when}`),
    logRows('orders', 'o', 'orders', tags, `o.customer_id in (select c.customer_id from conversations c where c.id = ${id}) and ${when}`),
  ];

  // An invitation: seen by the chat's people; starting or ending it moves the chat into or out of the colleague's scope.
  for (const op of ['insert', 'update', 'delete'] as const) {
    const r = op === 'delete' ? 'old' : 'new';
    const colleague = `'u:' || ${r}.user_id || '|'`;
    const moved = op === 'update' ? distinct('old.ended_at', 'new.ended_at') : '1 = 1';
    await capture(`cs_capture_conversation_participants_${op}`, 'conversation_participants', op, [
      `insert into change_log (tbl, row_id, row_id2, tags) values ('conversation_participants', ${r}.id, null, '|' || ${colleague} || ${convTagsOf(`${r}.conversation_id`)} || ${participantTags(`${r}.conversation_id`)})`,
      ...scopeRows(`${r}.conversation_id`, colleague, moved, { self: true, excludeParticipant: `${r}.id` }),
    ]);
  }

  // The hand-over history goes with its conversation, like its messages.
  for (const op of ['insert', 'update', 'delete'] as const) {
    const r = op === 'delete' ? 'old' : 'new';
    await capture(`cs_capture_conversation_events_${op}`, 'conversation_events', op, [
      `insert into change_log (tbl, row_id, row_id2, tags) values ('conversation_events', ${r}.id, null, '|' || ${convTagsOf(`${r}.conversation_id`)} || ${participantTags(`${r}.conversation_id`)})`,
    ]);
  }

  // What is written in a chat while colleagues are in it reaches them too.
  await capture('cs_capture_messages_participants', 'messages', 'insert', [
    `insert into change_log (tbl, row_id, row_id2, tags) select 'messages', new.id, null, '|' || ${participantTags('new.conversation_id')} where exists (${inChat('new.conversation_id')})`,
  ]);

  const scopeMoved = `(${convTags('old')}) <> (${convTags('new')})`;
  const closedChanged = `((old.status = 'closed') <> (new.status = 'closed'))`;
  await capture('cs_capture_conversations_handoff', 'conversations', 'update', [
    `insert into change_log (tbl, row_id, row_id2, tags) select 'conversations', new.id, null, '|' || ${participantTags('new.id')} where exists (${inChat('new.id')})`,
    // A transfer: 0001 moves the messages, customer and orders; the history and participants move here.
    logRows('conversation_events', 'e', 'conversation_events', `(${convTags('old')}) || (${convTags('new')}) || ${participantTags('new.id')}`, `e.conversation_id = new.id and ${scopeMoved}`),
    logRows('conversation_participants', 'x', 'conversation_participants', `(${convTags('old')}) || (${convTags('new')}) || ${participantTags('new.id')}`, `x.conversation_id = new.id and ${scopeMoved}`),
    // A chat that closes leaves the scope of whoever was still invited into it.
    ...scopeRows('new.id', participantTags('new.id'), `${closedChanged} and exists (${inChat('new.id')})`, { self: false }),
  ]);
}
