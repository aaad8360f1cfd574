import type { Kysely } from 'kysely';
import demoJson from '../../../resources/demo/demo-data.json';
import type { z } from 'zod';
import type { DomainTables, ScriptVersionStatus } from '../db/replica-schema';
import { demoDataSchema, type demoScriptVersionSchema, type DemoData, type DemoKbArticle, type DemoKbCategory, type DemoTicketCategory } from '../domain/demo-data';
import { addMonths } from '../kb/review-schedule';
import { UNREVIEWED_REVISION } from '../kb/workflow';
import { priorityOf } from '../routing/policy';

/** The demo agent the Quick start signs in as. */
export const DEMO_USER_ID = 'u-agent-1';
/** Author of the library's first versions, written from the seeds' templates (as server migration 0007 records existing scripts). */
export const SYSTEM_AUTHOR = 'system';

type DemoVersion = z.infer<typeof demoScriptVersionSchema> & { status: ScriptVersionStatus; reviewNote?: string | undefined };

export function demoData(): DemoData {
  return demoDataSchema.parse(demoJson);
}

/**
 * Writes the demo data set into empty domain tables, timestamps placed relative to `now` so
 * waiting times and SLA clocks look live. Shared by the desktop replica (offline demo) and the
 * central server (the Quick start's embedded server); the caller owns the transaction.
 */
export async function seedDemoDomain(tx: Kysely<DomainTables>, now: Date, data: DemoData = demoData()): Promise<void> {
  const at = (minutesAgo: number) => new Date(now.getTime() + minutesAgo * 60_000).toISOString();
  const stamp = at(0);
  for (const group of data.groups) {
    await tx.insertInto('skill_groups').values({ id: group.id, name: group.name, keywords: JSON.stringify(group.keywords), updated_at: stamp }).execute();
  }
  for (const user of data.users) {
    await tx
      .insertInto('users')
      .values({
        id: user.id,
        username: user.username,
        display_name: user.displayName,
        agent_no: user.agentNo,
        role: user.role,
        max_concurrent: user.maxConcurrent,
        presence: user.id === DEMO_USER_ID ? 'online' : 'offline',
        updated_at: stamp,
      })
      .execute();
    for (const groupId of user.groupIds) await tx.insertInto('group_members').values({ group_id: groupId, user_id: user.id }).execute();
  }
  for (const customer of data.customers) {
    await tx
      .insertInto('customers')
      .values({
        id: customer.id,
        name: customer.name,
        phone: customer.phone,
        id_number: customer.idNumber,
        address: customer.address,
        value_level: customer.valueLevel,
        tags: JSON.stringify(customer.tags),
        created_at: stamp,
        updated_at: stamp,
      })
      .execute();
  }
  for (const order of data.orders) {
    await tx
      .insertInto('orders')
      .values({
        id: order.id,
        customer_id: order.customerId,
        order_no: order.orderNo,
        status: order.status,
        amount_fen: order.amountFen,
        items: JSON.stringify(order.items),
        placed_at: at(order.placedMinutesAgo),
        updated_at: stamp,
      })
      .execute();
  }
  // A published script's version in force comes after its earlier versions.
  const inForce = new Map(data.scripts.filter((s) => s.status === 'published').map((s) => [s.id, (s.history?.length ?? 0) + 1]));
  for (const conversation of data.conversations) {
    const messages = conversation.messages;
    const last = messages[messages.length - 1];
    if (!last) continue;
    const lastAgentIndex = messages.findLastIndex((m) => m.sender === 'agent');
    const unanswered = messages.slice(lastAgentIndex + 1).filter((m) => m.sender === 'customer');
    const firstAgent = messages.find((m) => m.sender === 'agent');
    const open = conversation.status !== 'closed';
    await tx
      .insertInto('conversations')
      .values({
        id: conversation.id,
        customer_id: conversation.customerId,
        channel: conversation.channel,
        status: conversation.status,
        group_id: conversation.groupId,
        assignee_id: conversation.assigneeId,
        subject: conversation.subject,
        created_at: at(messages[0]?.minutesAgo ?? 0),
        updated_at: at(last.minutesAgo),
        last_message_at: at(last.minutesAgo),
        last_message_preview: last.body.slice(0, 60),
        waiting_since: open && unanswered[0] ? at(unanswered[0].minutesAgo) : null,
        unread_count: open ? unanswered.length : 0,
        first_response_at: firstAgent ? at(firstAgent.minutesAgo) : null,
        closed_at: conversation.status === 'closed' ? at(last.minutesAgo) : null,
        // As the server's routing would have set it from the customer's words (賬號被盜 first).
        priority: priorityOf([conversation.subject, ...messages.filter((m) => m.sender === 'customer').map((m) => m.body)].join('\n')),
      })
      .execute();
    let index = 0;
    for (const message of messages) {
      await tx
        .insertInto('messages')
        .values({
          id: `${conversation.id}-m${String(index++).padStart(3, '0')}`,
          conversation_id: conversation.id,
          sender_kind: message.sender,
          sender_id: message.sender === 'agent' ? (message.agentId ?? null) : message.sender === 'customer' ? conversation.customerId : null,
          body: message.body,
          channel: conversation.channel,
          created_at: at(message.minutesAgo),
          script_id: message.scriptId ?? null,
          script_version: message.scriptId === undefined ? null : (inForce.get(message.scriptId) ?? null),
        })
        .execute();
    }
  }

  const ticketCategoryIds = new Map<string, string>();
  const insertTicketCategories = async (nodes: DemoTicketCategory[], parent: { id: string; path: string } | null, level: number) => {
    let sort = 0;
    for (const node of nodes) {
      const path = parent ? `${parent.path}›${node.name}` : node.name;
      const id = parent ? `${parent.id}-${sort + 1}` : `tc-${sort + 1}`;
      await tx.insertInto('ticket_categories').values({ id, parent_id: parent?.id ?? null, name: node.name, level, sort: sort++ }).execute();
      ticketCategoryIds.set(path, id);
      if (node.children) await insertTicketCategories(node.children, { id, path }, level + 1);
    }
  };
  await insertTicketCategories(data.ticketCategories, null, 1);

  for (const ticket of data.tickets) {
    const createdAt = at(ticket.createdMinutesAgo);
    await tx
      .insertInto('tickets')
      .values({
        id: ticket.id,
        number: ticket.number,
        customer_id: ticket.customerId,
        conversation_id: ticket.conversationId,
        title: ticket.title,
        description: ticket.description,
        category_id: ticketCategoryIds.get(ticket.categoryPath.join('›')) ?? null,
        status: ticket.status,
        priority: ticket.priority,
        assignee_id: ticket.assigneeId,
        created_at: createdAt,
        updated_at: createdAt,
        closed_at: ticket.status === 'closed' ? stamp : null,
      })
      .execute();
    await tx
      .insertInto('ticket_events')
      .values({ id: `${ticket.id}-e001`, ticket_id: ticket.id, actor_id: ticket.assigneeId, kind: 'created', from_value: null, to_value: ticket.status, note: null, created_at: createdAt })
      .execute();
  }

  for (const script of data.scripts) {
    const versions: DemoVersion[] = [...(script.history ?? []).map((v) => ({ ...v, status: 'published' as const })), {
      title: script.title,
      body: script.body,
      keywords: script.keywords,
      changeNote: script.changeNote ?? '',
      authorId: script.authorId ?? SYSTEM_AUTHOR,
      reviewerId: script.reviewerId,
      minutesAgo: script.minutesAgo ?? 0,
      status: script.status,
    }];
    if (script.pending) versions.push(script.pending);
    let number = 0;
    for (const version of versions) {
      number += 1;
      const when = at(version.minutesAgo);
      const decided = version.status === 'published' || version.status === 'rejected';
      const row = {
        id: `${script.id}@v${number}`,
        script_id: script.id,
        version: number,
        title: version.title ?? script.title,
        body: version.body,
        category: script.category,
        stage: script.stage,
        keywords: JSON.stringify(version.keywords ?? script.keywords),
        change_note: version.changeNote,
        status: version.status,
        author_id: version.authorId,
        created_at: when,
        updated_at: when,
        submitted_at: version.status === 'draft' ? null : when,
        reviewer_id: decided ? (version.reviewerId ?? null) : null,
        reviewed_at: decided && version.reviewerId ? when : null,
        review_note: version.reviewNote ?? null,
        published_at: version.status === 'published' ? when : null,
      };
      await tx.insertInto('script_versions').values(row).execute();
      if (row.status === 'published') {
        await tx
          .insertInto('scripts')
          .values({ id: script.id, title: row.title, body: row.body, category: row.category, stage: row.stage, keywords: row.keywords, status: 'published', version: number, usage_count: 0, updated_at: when })
          .onConflict((oc) => oc.column('id').doUpdateSet({ title: row.title, body: row.body, keywords: row.keywords, version: number, updated_at: when }))
          .execute();
      }
    }
  }
  const insertKbCategories = async (nodes: DemoKbCategory[], parentId: string | null, level: number) => {
    let sort = 0;
    for (const node of nodes) {
      await tx.insertInto('kb_categories').values({ id: node.id, parent_id: parentId, name: node.name, level, sort: sort++ }).execute();
      if (node.children) await insertKbCategories(node.children, node.id, level + 1);
    }
  };
  await insertKbCategories(data.kbCategories, null, 1);

  for (const article of data.kbArticles) await seedKbArticle(tx, now, article);
}

/** The demo's reviewers: a supervisor writes, the admin publishes (src/shared/kb/workflow.ts). */
const DEMO_KB_AUTHOR = 'u-sup-1';
const DEMO_KB_PUBLISHER = 'u-admin-1';

/**
 * A KB article with its versions: the earlier ones and the current one as published revisions,
 * the article row holding the current, plus its open revision if it has one. An article never
 * published is its own open revision at version 0 (docs/knowledge-base.md).
 */
async function seedKbArticle(tx: Kysely<DomainTables>, now: Date, article: DemoKbArticle): Promise<void> {
  const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();
  const published = article.status === 'published';
  const reviewedAt = daysAgo(article.reviewedDaysAgo);
  const version = published ? article.earlierVersions.length + 1 : 0;
  const content = (over: { title?: string | undefined; body?: string | undefined; notes?: string | undefined; questions?: string[] | undefined } = {}) => ({
    category_id: article.categoryId,
    title: over.title ?? article.title,
    body: over.body ?? article.body,
    notes: over.notes ?? article.notes,
    links: JSON.stringify(article.links),
    questions: JSON.stringify(over.questions ?? article.questions),
  });
  const revision = {
    change_note: '',
    author_id: DEMO_KB_AUTHOR,
    editors: JSON.stringify([DEMO_KB_AUTHOR]),
    ...UNREVIEWED_REVISION,
  };
  await tx
    .insertInto('kb_articles')
    .values({
      id: article.id,
      ...content(),
      status: article.status,
      version,
      updated_at: published ? reviewedAt : now.toISOString(),
      review_every_months: article.reviewEveryMonths,
      review_due_at: published ? addMonths(reviewedAt, article.reviewEveryMonths) : null,
      reviewed_at: published ? reviewedAt : null,
      reviewed_by: published ? DEMO_KB_PUBLISHER : null,
    })
    .execute();
  if (published) {
    // Each version's change note says what the next one changed, so the note travels with its version.
    const versions = [...article.earlierVersions.map((v) => ({ over: v, at: daysAgo(v.daysAgo) })), { over: {}, at: reviewedAt }];
    for (const [index, { over, at }] of versions.entries()) {
      const number = index + 1;
      const current = number === version;
      await tx
        .insertInto('kb_revisions')
        .values({
          ...revision,
          ...(current && article.urgentReason ? { author_id: DEMO_KB_PUBLISHER, editors: JSON.stringify([DEMO_KB_PUBLISHER]), urgent: 1 } : {}),
          id: `${article.id}:v${number}`,
          article_id: article.id,
          base_version: number - 1,
          version: number,
          status: 'published',
          ...content(over),
          change_note: index === 0 ? '' : (article.earlierVersions[index - 1]?.changeNote ?? ''),
          created_at: at,
          updated_at: at,
          submitted_at: at,
          submitted_by: DEMO_KB_AUTHOR,
          decided_at: at,
          decided_by: DEMO_KB_PUBLISHER,
          decision_note: current ? (article.urgentReason ?? null) : null,
        })
        .execute();
    }
  }
  const open = article.revision;
  if (open || !published) {
    const status = open?.status ?? (article.status === 'review' ? 'review' : 'draft');
    const author = open?.authorId ?? DEMO_KB_AUTHOR;
    const at = new Date(now.getTime() + (open?.minutesAgo ?? -60) * 60_000).toISOString();
    await tx
      .insertInto('kb_revisions')
      .values({
        ...revision,
        id: `${article.id}:open`,
        article_id: article.id,
        base_version: version,
        version: null,
        status,
        ...content(open ?? {}),
        change_note: open?.changeNote ?? '',
        author_id: author,
        editors: JSON.stringify([author]),
        created_at: at,
        updated_at: at,
        submitted_at: status === 'review' ? at : null,
        submitted_by: status === 'review' ? author : null,
      })
      .execute();
  }
}
