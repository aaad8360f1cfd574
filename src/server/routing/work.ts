import { sql, type Kysely } from 'kysely';
import { uuidv7 } from 'uuidv7';
import type { Channel } from '../../shared/domain/enums';
import {
  firstResponseOverdue,
  idleStep,
  pickAgent,
  planAssignments,
  type AgentLoad,
  type QueuedConversation,
} from '../../shared/routing/assign';
import { chooseGroup, priorityOf, PRIORITY, wantsHuman, type RouteReason } from '../../shared/routing/policy';
import { matchFaq } from '../../shared/text/faq-match';
import type { Store } from '../db/open-store';
import type { ServerDatabase } from '../db/schema';
import type { RoutingConfig } from './config';
import { localeOfText, texts, type HandoverReason, type ServerLocale } from './texts';

type Db = Kysely<ServerDatabase>;

const PREVIEW_LENGTH = 60;
const SUBJECT_LENGTH = 60;
const EARLIER_SESSIONS_SHOWN = 5;

const parseIds = (json: string): string[] => {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
};

/**
 * Runs `fn` in one transaction that holds the routing lock: every decision that reads agents'
 * loads and then assigns is serialized, across server instances too (a PostgreSQL advisory
 * lock; SQLite has a single writer anyway). A push takes it only for a mutation that assigns (a
 * transfer, `ASSIGNING_MUTATIONS`), with `takeRoutingLock`.
 */
export async function routingTransaction<T>(store: Store, fn: (tx: Db) => Promise<T>): Promise<T> {
  return store.db.transaction().execute(async (tx) => {
    await takeRoutingLock(tx, store.dialect);
    return fn(tx);
  });
}

/** The routing lock inside a transaction of the caller's (a push of a mutation that assigns). */
export async function takeRoutingLock(tx: Db, dialect: Store['dialect']): Promise<void> {
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(hashtext('cs_routing:' || current_schema()))`.execute(tx);
}

export interface CustomerMessageInput {
  channel: Channel;
  /** The channel's own id of this message (the widget's client id): a repeat is a duplicate. */
  externalId: string;
  customerId: string;
  body: string;
  /** Widget conversations start with the FAQ bot; channel conversations go straight to routing. */
  withBot: boolean;
  locale: ServerLocale;
}

export interface CustomerMessageResult {
  duplicate: boolean;
  conversationId: string;
  messageId: string;
  /** The conversation was opened by this message. */
  opened: boolean;
  /** The bot owes an answer: run `botReply` in a transaction of its own. */
  botPending: boolean;
}

/**
 * The routing and lifecycle steps of one transaction (docs/routing.md). Every write goes
 * through here so `wrote` says whether pokes are owed afterwards.
 */
export class RoutingWork {
  wrote = false;

  constructor(
    private readonly tx: Db,
    private readonly nowIso: string,
    private readonly config: RoutingConfig,
  ) {}

  // ---- customers' messages --------------------------------------------------------------

  /**
   * Stores a customer's message once per channel message id (`inbound_messages`, the widget's
   * client ids included), opening a conversation when they have no open one on this channel (a
   * returning customer gets a new one, with a one-line summary of each earlier session for the
   * agent). A channel's new conversation is routed at once; in the widget's bot phase the answer
   * is left to `botReply`, in a transaction of its own.
   */
  async receive(input: CustomerMessageInput): Promise<CustomerMessageResult> {
    const { tx, nowIso } = this;
    const seen = await tx
      .selectFrom('inbound_messages')
      .select(['message_id', 'conversation_id'])
      .where('channel', '=', input.channel)
      .where('external_id', '=', input.externalId)
      .executeTakeFirst();
    if (seen) return { duplicate: true, conversationId: seen.conversation_id, messageId: seen.message_id, opened: false, botPending: false };

    let conversation = await tx
      .selectFrom('conversations')
      .select(['id', 'priority'])
      .where('customer_id', '=', input.customerId)
      .where('channel', '=', input.channel)
      .where('status', '<>', 'closed')
      .orderBy('created_at', 'desc')
      .executeTakeFirst();
    const opened = !conversation;
    if (!conversation) conversation = await this.open(input);

    const messageId = await this.insertMessage(conversation.id, 'customer', input.customerId, input.body, input.channel);
    await tx
      .updateTable('conversations')
      .set((eb) => ({
        last_message_at: nowIso,
        last_message_preview: input.body.slice(0, PREVIEW_LENGTH),
        waiting_since: eb.fn.coalesce('waiting_since', eb.val(nowIso)),
        unread_count: eb('unread_count', '+', 1),
        priority: Math.max(conversation.priority, priorityOf(input.body, this.config.policy)),
        updated_at: nowIso,
      }))
      .where('id', '=', conversation.id)
      .execute();
    await tx
      .insertInto('inbound_messages')
      .values({ channel: input.channel, external_id: input.externalId, message_id: messageId, conversation_id: conversation.id, created_at: nowIso })
      .execute();

    const lifecycle = await this.lifecycle(conversation.id);
    if (lifecycle.phase === 'bot') {
      // The bot's 30-s clock: if its answer never comes (it failed, the server died), the
      // routing pass hands the conversation to a human from this stored time.
      await tx.updateTable('conversation_lifecycle').set((eb) => ({ bot_waiting_since: eb.fn.coalesce('bot_waiting_since', eb.val(nowIso)) })).where('conversation_id', '=', conversation.id).execute();
    } else if (opened) {
      await this.handOver(conversation.id, null);
    }
    return { duplicate: false, conversationId: conversation.id, messageId, opened, botPending: lifecycle.phase === 'bot' };
  }

  private async open(input: CustomerMessageInput): Promise<{ id: string; priority: number }> {
    const { tx, nowIso } = this;
    const id = uuidv7();
    const priority = priorityOf(input.body, this.config.policy);
    await tx
      .insertInto('conversations')
      .values({
        id,
        customer_id: input.customerId,
        channel: input.channel,
        // Queued without a group: no agent's scope holds it until it is routed (supervisors see it).
        status: 'queued',
        group_id: null,
        assignee_id: null,
        subject: input.body.split('\n')[0]?.slice(0, SUBJECT_LENGTH) ?? '',
        created_at: nowIso,
        updated_at: nowIso,
        last_message_at: nowIso,
        last_message_preview: '',
        waiting_since: null,
        unread_count: 0,
        first_response_at: null,
        closed_at: null,
        priority,
      })
      .execute();
    await tx
      .insertInto('conversation_lifecycle')
      .values({ conversation_id: id, locale: input.locale, phase: input.withBot ? 'bot' : 'human', bot_waiting_since: null, handed_over_at: null, queued_at: null, assigned_at: null, sla_reported_at: null, reminded_at: null })
      .execute();
    this.wrote = true;
    await this.summariseEarlierSessions(id, input.customerId, input.locale);
    return { id, priority };
  }

  /** SPEC §3: a returning customer's agent sees each earlier session in one line. */
  private async summariseEarlierSessions(conversationId: string, customerId: string, locale: ServerLocale): Promise<void> {
    const earlier = await this.tx
      .selectFrom('conversations as c')
      .leftJoin('users as u', 'u.id', 'c.assignee_id')
      .leftJoin('csat_responses as s', 's.conversation_id', 'c.id')
      .select(['c.created_at', 'c.subject', 'c.summary', 'c.status', 'u.display_name', 's.score'])
      .where('c.customer_id', '=', customerId)
      .where('c.id', '<>', conversationId)
      .orderBy('c.created_at', 'desc')
      .limit(EARLIER_SESSIONS_SHOWN)
      .execute();
    if (earlier.length === 0) return;
    const t = texts(locale);
    const when = new Intl.DateTimeFormat(locale, { timeZone: this.config.timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });
    // The agent's wrap-up says more than the customer's first line.
    const lines = earlier.map((c) => t.earlierSession(when.format(new Date(c.created_at)), c.summary ? t.earlierSummary(c.summary) : c.subject, c.display_name, c.status === 'closed', c.score));
    await this.note(conversationId, [t.earlierSessions(earlier.length), ...lines].join('\n'));
  }

  /**
   * The FAQ bot answers the customer's latest message: a close KB match is answered;
   * 「轉人工」, an urgent matter or no answer goes to a human. Runs after the message is
   * committed, so a failing bot never loses what the customer wrote.
   */
  async botReply(conversationId: string, body: string): Promise<void> {
    const state = await this.tx
      .selectFrom('conversation_lifecycle as lc')
      .innerJoin('conversations as c', 'c.id', 'lc.conversation_id')
      .select(['lc.phase', 'lc.locale', 'c.status'])
      .where('lc.conversation_id', '=', conversationId)
      .executeTakeFirst();
    // Handed over or ended meanwhile (an earlier message asked for a human, the deadline passed).
    if (!state || state.phase !== 'bot' || state.status === 'closed') return;
    const { locale } = state;
    if (wantsHuman(body)) return this.handOver(conversationId, 'requested');
    if (priorityOf(body, this.config.policy) === PRIORITY.urgent) return this.handOver(conversationId, 'urgent');
    const articles = await this.tx.selectFrom('kb_articles').select(['id', 'title', 'body', 'questions']).where('status', '=', 'published').execute();
    const hit = matchFaq(
      body,
      articles.map((a) => ({ id: a.id, title: a.title, body: a.body, questions: parseIds(a.questions) })),
    );
    if (!hit) return this.handOver(conversationId, 'no_answer');
    await this.say(conversationId, texts(locale).faqAnswer(hit.article.title, hit.article.body), { interaction: true });
    await this.tx.updateTable('conversation_lifecycle').set({ bot_waiting_since: null }).where('conversation_id', '=', conversationId).execute();
  }

  // ---- routing ----------------------------------------------------------------------------

  /**
   * Puts a conversation into the queue of the group its customer's words and tags point to,
   * then serves the queues. `reason` is why the bot gave up (null: it came from a channel
   * without a bot), told to the customer.
   */
  async handOver(conversationId: string, reason: HandoverReason | null): Promise<void> {
    const { tx, nowIso } = this;
    const conversation = await tx
      .selectFrom('conversations as c')
      .innerJoin('customers as cu', 'cu.id', 'c.customer_id')
      .select(['c.id', 'c.priority', 'cu.tags'])
      .where('c.id', '=', conversationId)
      .executeTakeFirstOrThrow();
    const words = (await tx.selectFrom('messages').select('body').where('conversation_id', '=', conversationId).where('sender_kind', '=', 'customer').orderBy('created_at').execute())
      .map((m) => m.body)
      .join('\n');
    const groups = await tx.selectFrom('skill_groups').select(['id', 'name', 'keywords']).execute();
    const decision = chooseGroup({ text: words, tags: parseIds(conversation.tags) }, groups.map((g) => ({ id: g.id, keywords: parseIds(g.keywords) })), this.config.policy);
    if (!decision) return;
    const priority = Math.max(conversation.priority, priorityOf(words, this.config.policy));
    await tx.updateTable('conversations').set({ status: 'queued', group_id: decision.groupId, priority, updated_at: nowIso }).where('id', '=', conversationId).execute();
    await tx
      .updateTable('conversation_lifecycle')
      .set({ phase: 'human', bot_waiting_since: null, handed_over_at: nowIso, queued_at: nowIso })
      .where('conversation_id', '=', conversationId)
      .execute();
    this.wrote = true;

    const { locale } = await this.lifecycle(conversationId);
    const t = texts(locale);
    if (reason) await this.say(conversationId, t.handover[reason], { interaction: false });
    const groupName = groups.find((g) => g.id === decision.groupId)?.name ?? decision.groupId;
    await this.note(conversationId, t.routed(groupName, this.reasonText(decision.reason, locale), priority));

    await this.serveQueues();
    const after = await tx.selectFrom('conversations').select('status').where('id', '=', conversationId).executeTakeFirstOrThrow();
    if (after.status === 'queued') await this.say(conversationId, t.queued, { interaction: false });
  }

  private reasonText(reason: RouteReason, locale: ServerLocale): string {
    const t = texts(locale);
    if (reason.kind === 'tag') return t.reasonTag(reason.tag);
    if (reason.kind === 'keyword') return t.reasonKeyword(reason.keyword);
    return t.reasonDefault;
  }

  /** Agents who may receive conversations, with their load right now. Supervisors and trainees are not routed to. */
  async agents(): Promise<AgentLoad[]> {
    const { tx } = this;
    const users = await tx.selectFrom('users').select(['id', 'presence', 'max_concurrent']).where('role', '=', 'agent').execute();
    const members = await tx.selectFrom('group_members').select(['group_id', 'user_id']).execute();
    const loads = await tx
      .selectFrom('conversations')
      .select(['assignee_id', (eb) => eb.fn.countAll<number>().as('active')])
      .where('status', '=', 'active')
      .where('assignee_id', 'is not', null)
      .groupBy('assignee_id')
      .execute();
    const last = await tx.selectFrom('agent_routing').select(['user_id', 'last_assigned_at']).execute();
    return users.map((u) => ({
      userId: u.id,
      presence: u.presence,
      maxConcurrent: u.max_concurrent,
      active: Number(loads.find((l) => l.assignee_id === u.id)?.active ?? 0),
      groupIds: members.filter((m) => m.user_id === u.id).map((m) => m.group_id),
      lastAssignedAt: last.find((l) => l.user_id === u.id)?.last_assigned_at ?? null,
    }));
  }

  /** Every queued, routed conversation to the best available agent of its group, in queue order. */
  async serveQueues(): Promise<void> {
    const rows = await this.tx
      .selectFrom('conversations as c')
      .leftJoin('conversation_lifecycle as lc', 'lc.conversation_id', 'c.id')
      .select(['c.id', 'c.group_id', 'c.priority', 'lc.queued_at', 'lc.missed_by', 'c.waiting_since', 'c.created_at'])
      .where('c.status', '=', 'queued')
      .where('c.group_id', 'is not', null)
      .where((eb) => eb.or([eb('lc.phase', 'is', null), eb('lc.phase', '=', 'human')]))
      .execute();
    if (rows.length === 0) return;
    const queue: QueuedConversation[] = rows.map((r) => ({
      id: r.id,
      groupId: r.group_id ?? '',
      priority: r.priority,
      queuedAt: r.queued_at ?? r.waiting_since ?? r.created_at,
      exclude: r.missed_by ? parseIds(r.missed_by) : [],
    }));
    for (const assignment of planAssignments(queue, await this.agents(), this.nowIso)) {
      await this.assign(assignment.conversationId, assignment.userId, null);
    }
  }

  private async assign(conversationId: string, userId: string, missedBy: string[] | null): Promise<void> {
    const { tx, nowIso } = this;
    await tx.updateTable('conversations').set({ status: 'active', assignee_id: userId, updated_at: nowIso }).where('id', '=', conversationId).execute();
    await this.ensureLifecycle(conversationId);
    await tx
      .updateTable('conversation_lifecycle')
      .set({ assigned_at: nowIso, sla_reported_at: null, ...(missedBy ? { missed_by: JSON.stringify(missedBy) } : {}) })
      .where('conversation_id', '=', conversationId)
      .execute();
    await tx
      .insertInto('agent_routing')
      .values({ user_id: userId, last_assigned_at: nowIso })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ last_assigned_at: nowIso }))
      .execute();
    this.wrote = true;
  }

  // ---- clocks -----------------------------------------------------------------------------

  /** Bot-phase messages left unanswered past the bot's deadline go to a human. */
  async botDeadlines(): Promise<void> {
    const cutoff = new Date(Date.parse(this.nowIso) - this.config.times.botAnswerMs).toISOString();
    const due = await this.tx
      .selectFrom('conversation_lifecycle as lc')
      .innerJoin('conversations as c', 'c.id', 'lc.conversation_id')
      .select('lc.conversation_id')
      .where('lc.phase', '=', 'bot')
      .where('c.status', '<>', 'closed')
      .where('lc.bot_waiting_since', '<=', cutoff)
      .execute();
    for (const row of due) await this.handOver(row.conversation_id, 'bot_timeout');
  }

  /**
   * No first response within the SLA: the conversation goes to another available agent of its
   * group, never back to one who already let it wait; with nobody available it stays and the
   * miss is recorded once (and reassigned as soon as someone is free). Either way a system
   * message tells the agents and supervisors.
   */
  async firstResponseDeadlines(): Promise<void> {
    const { tx, nowIso } = this;
    const cutoff = new Date(Date.parse(nowIso) - this.config.times.firstResponseMs).toISOString();
    const overdue = await tx
      .selectFrom('conversations as c')
      .innerJoin('conversation_lifecycle as lc', 'lc.conversation_id', 'c.id')
      .innerJoin('users as u', 'u.id', 'c.assignee_id')
      .select(['c.id', 'c.group_id', 'c.assignee_id', 'u.display_name', 'lc.assigned_at', 'lc.sla_reported_at', 'lc.missed_by', 'lc.locale'])
      .where('c.status', '=', 'active')
      .where('c.first_response_at', 'is', null)
      .where('lc.assigned_at', '<=', cutoff)
      .execute();
    if (overdue.length === 0) return;
    const agents = await this.agents();
    const seconds = Math.round(this.config.times.firstResponseMs / 1000);
    for (const row of overdue) {
      if (!row.assigned_at || !row.assignee_id || !firstResponseOverdue(row.assigned_at, nowIso, this.config.times)) continue;
      const missed = [...new Set([...parseIds(row.missed_by), row.assignee_id])];
      const next = row.group_id ? pickAgent(agents, row.group_id, new Set(missed)) : null;
      const t = texts(row.locale);
      if (next) {
        await this.assign(row.id, next.userId, missed);
        next.active += 1;
        next.lastAssignedAt = nowIso;
        const previous = agents.find((a) => a.userId === row.assignee_id);
        if (previous) previous.active -= 1;
        const name = (await tx.selectFrom('users').select('display_name').where('id', '=', next.userId).executeTakeFirstOrThrow()).display_name;
        await this.note(row.id, t.slaReassigned(row.display_name, seconds, name));
        await this.slaMissed(row.id, row.assignee_id, next.userId);
      } else if (row.sla_reported_at === null) {
        await tx.updateTable('conversation_lifecycle').set({ sla_reported_at: nowIso }).where('conversation_id', '=', row.id).execute();
        await this.note(row.id, t.slaNobody(row.display_name, seconds));
        await this.slaMissed(row.id, row.assignee_id, null);
      }
    }
  }

  /** The miss in the chat's hand-over history: supervisors' consoles raise a notice from it. */
  private async slaMissed(conversationId: string, missedBy: string, reassignedTo: string | null): Promise<void> {
    await this.tx
      .insertInto('conversation_events')
      .values({ id: uuidv7(), conversation_id: conversationId, kind: 'sla_missed', actor_id: null, from_user_id: missedBy, to_user_id: reassignedTo, to_group_id: null, reason: null, note: null, created_at: this.nowIso })
      .execute();
    this.wrote = true;
  }

  /**
   * 30 minutes without interaction: a friendly reminder, then the session ends (SPEC §3). Only
   * while nobody owes the customer an answer — an unanswered customer is the agent's SLA, not
   * a reason to close on them.
   */
  async idleSessions(): Promise<void> {
    const { tx, nowIso } = this;
    const { times } = this.config;
    const cutoff = new Date(Date.parse(nowIso) - (times.idleCloseMs - times.idleWarningMs)).toISOString();
    const idle = await tx
      .selectFrom('conversations as c')
      .leftJoin('conversation_lifecycle as lc', 'lc.conversation_id', 'c.id')
      .select(['c.id', 'c.last_message_at', 'lc.reminded_at'])
      .where((eb) =>
        eb.or([
          eb.and([eb('c.status', '=', 'active'), eb('c.waiting_since', 'is', null)]),
          eb.and([eb('c.status', '=', 'queued'), eb('lc.phase', '=', 'bot'), eb('lc.bot_waiting_since', 'is', null)]),
        ]),
      )
      .where('c.last_message_at', '<=', cutoff)
      .execute();
    for (const row of idle) {
      const step = idleStep(row.last_message_at, row.reminded_at, nowIso, times);
      if (step === 'none') continue;
      const { locale } = await this.lifecycle(row.id);
      if (step === 'remind') {
        await this.say(row.id, texts(locale).idleReminder(Math.max(1, Math.round(times.idleWarningMs / 60_000))), { interaction: false });
        await tx.updateTable('conversation_lifecycle').set({ reminded_at: nowIso }).where('conversation_id', '=', row.id).execute();
      } else {
        await this.say(row.id, texts(locale).idleClosed, { interaction: false });
        await tx.updateTable('conversations').set({ status: 'closed', closed_at: nowIso, waiting_since: null, unread_count: 0, updated_at: nowIso }).where('id', '=', row.id).execute();
      }
    }
  }

  // ---- writing ----------------------------------------------------------------------------

  /**
   * A customer-facing message from the bot. `interaction`: it counts as the conversation's
   * latest exchange (an answer does; a reminder or a notice must not, or the idle clock would
   * never run out).
   */
  async say(conversationId: string, body: string, { interaction }: { interaction: boolean }): Promise<void> {
    const conversation = await this.tx.selectFrom('conversations').select('channel').where('id', '=', conversationId).executeTakeFirstOrThrow();
    await this.insertMessage(conversationId, 'bot', null, body, conversation.channel);
    if (interaction) {
      await this.tx
        .updateTable('conversations')
        .set({ last_message_at: this.nowIso, last_message_preview: body.slice(0, PREVIEW_LENGTH), updated_at: this.nowIso })
        .where('id', '=', conversationId)
        .execute();
    }
  }

  /** A note for agents and supervisors (sender 'system'): never shown to the customer. */
  async note(conversationId: string, body: string): Promise<void> {
    const conversation = await this.tx.selectFrom('conversations').select('channel').where('id', '=', conversationId).executeTakeFirstOrThrow();
    await this.insertMessage(conversationId, 'system', null, body, conversation.channel);
  }

  /** Ids are time-ordered (uuidv7), so messages written in one transaction keep their order. */
  private async insertMessage(conversationId: string, kind: 'customer' | 'bot' | 'system', senderId: string | null, body: string, channel: Channel): Promise<string> {
    const id = uuidv7();
    await this.tx
      .insertInto('messages')
      .values({ id, conversation_id: conversationId, sender_kind: kind, sender_id: senderId, body, channel, created_at: this.nowIso })
      .execute();
    this.wrote = true;
    return id;
  }

  async ensureLifecycle(conversationId: string): Promise<void> {
    const exists = await this.tx.selectFrom('conversation_lifecycle').select('conversation_id').where('conversation_id', '=', conversationId).executeTakeFirst();
    if (exists) return;
    // Conversations that predate routing (seeded, imported) get clocks when routing first touches them.
    const { subject } = await this.tx.selectFrom('conversations').select('subject').where('id', '=', conversationId).executeTakeFirstOrThrow();
    await this.tx
      .insertInto('conversation_lifecycle')
      .values({ conversation_id: conversationId, locale: localeOfText(subject), phase: 'human', bot_waiting_since: null, handed_over_at: null, queued_at: null, assigned_at: null, sla_reported_at: null, reminded_at: null })
      .execute();
  }

  async lifecycle(conversationId: string): Promise<{ phase: 'bot' | 'human'; locale: ServerLocale }> {
    await this.ensureLifecycle(conversationId);
    return this.tx.selectFrom('conversation_lifecycle').select(['phase', 'locale']).where('conversation_id', '=', conversationId).executeTakeFirstOrThrow();
  }
}
