import { sql, type Kysely } from 'kysely';
import type { DomainTables } from '../shared/db/replica-schema';
import { demoData, seedDemoDomain } from '../shared/demo/seed-demo';
import type { MutatorName } from '../shared/mutations';
import { PROTOCOL_VERSION } from '../shared/sync/protocol';
import { hashPassword } from './auth/passwords';
import type { Store } from './db/open-store';
import { push, type PushEffects, type PushLog } from './sync/push';
import { MIN_REPLICA_SCHEMA_VERSION } from './sync/versions';
import { ticketClockPass } from './tickets/ticket-clock';

/** Every demo user signs in with this password (the Quick start's embedded server only). */
export const DEMO_PASSWORD = 'demo';

/**
 * Seeds an empty store with the demo data set; a store that has users is left alone. Several
 * instances starting together on one PostgreSQL seed it once: the emptiness check and the
 * seeding run under one lock.
 */
export async function seedDemoIfEmpty(store: Store, now: Date): Promise<boolean> {
  const data = demoData();
  // Hashing is slow on purpose: do it before taking the lock, not inside the transaction.
  const hashes = await Promise.all(data.users.map(() => hashPassword(DEMO_PASSWORD)));
  const seeded = await store.db.transaction().execute(async (tx) => {
    if (store.dialect === 'postgres') await sql`select pg_advisory_xact_lock(hashtext('cs_demo_seed:' || current_schema()))`.execute(tx);
    if (await tx.selectFrom('users').select('id').limit(1).executeTakeFirst()) return false;
    await seedDemoDomain(tx as unknown as Kysely<DomainTables>, now, data);
    const updatedAt = now.toISOString();
    await tx
      .insertInto('credentials')
      .values(data.users.map((user, i) => ({ user_id: user.id, password_hash: hashes[i] ?? '', updated_at: updatedAt })))
      .execute();
    return true;
  });
  if (seeded) await store.afterWrite();
  return seeded;
}

interface ProcessStep {
  minutesAgo: number;
  user: string;
  name: MutatorName;
  args: Record<string, unknown>;
}

/**
 * The service process a Quick start should show at once (docs/tickets.md): clocks running on
 * problem-pool levels and escalations, one about to run out, refunds waiting for a supervisor,
 * follow-up alerts. Nothing here writes a deadline: each step is pushed at its time in the past
 * through the same push, mutators, server effects and audit as a workstation's change, and the
 * follow-up rules run in the same clock pass, so every due time is the server's own calendar's.
 */
export async function seedDemoProcess(store: Store, now: Date, effects: PushEffects, log: PushLog): Promise<void> {
  const { tickets } = effects;
  const at = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * 60_000);
  const users = new Map((await store.db.selectFrom('users').select(['id', 'role']).execute()).map((u) => [u.id, u.role]));
  let eventNo = 0;
  const eventId = () => `demo-process-e${String(++eventNo).padStart(3, '0')}`;
  const steps: ProcessStep[] = [
    // 林美玲's 1,280-yuan refund, approved by the supervisor, never arrived: the follow-up rule's alert is long overdue.
    { minutesAgo: 6240, user: 'u-agent-1', name: 'ticket.create', args: { id: 't-16', eventId: eventId(), customerId: 'cu-22', conversationId: 'c-008', title: '退貨退款 1,280 元原路退回，跟進信用卡入賬', description: '商品11月15日入庫質檢通過，退款原路退回信用卡；11月22日前未入賬須開具退款憑證。', categoryId: 'tc-1-3-1', priority: 'normal' } },
    { minutesAgo: 6240, user: 'u-agent-1', name: 'ticket.transition', args: { ticketId: 't-16', eventId: eventId(), to: 'in_progress', note: '' } },
    { minutesAgo: 6239, user: 'u-agent-1', name: 'approval.request', args: { id: 'demo-approval-1', ticketId: 't-16', eventId: eventId(), kind: 'refund', amountFen: 128000, orderId: null, reason: '退貨質檢通過，整單原路退款' } },
    { minutesAgo: 6238, user: 'u-sup-1', name: 'approval.decide', args: { approvalId: 'demo-approval-1', eventId: eventId(), decision: 'approved', note: '质检通过，同意原路退款' } },
    // 赵磊 said he would complain; today he posted about it: management owes a public statement within 2 hours, and most of them are gone.
    { minutesAgo: 2930, user: 'u-agent-4', name: 'ticket.create', args: { id: 't-17', eventId: eventId(), customerId: 'cu-07', conversationId: 'c-033', title: '要求仅退款不退货（商品已丢弃，无故障凭证）', description: '客户称音箱无声、商品已丢弃，要求跳过审核直接退款，已告知需照片或视频凭证；客户表示要去投诉。', categoryId: 'tc-1-3-1', priority: 'high' } },
    { minutesAgo: 2929, user: 'u-agent-4', name: 'ticket.transition', args: { ticketId: 't-17', eventId: eventId(), to: 'in_progress', note: '' } },
    { minutesAgo: 105, user: 'u-agent-4', name: 'ticket.escalate', args: { ticketId: 't-17', eventId: eventId(), level: 3, reason: '客户在微博发帖曝光，需管理层回应' } },
    { minutesAgo: 8, user: 'u-agent-3', name: 'ticket.escalate', args: { ticketId: 't-11', eventId: eventId(), level: 1, reason: 'VIP账号被盗，资深客服跟进' } },
    { minutesAgo: 4, user: 'u-agent-1', name: 'ticket.update', args: { ticketId: 't-07', eventId: eventId(), changes: { orderId: 'o-04' } } },
    { minutesAgo: 4, user: 'u-agent-1', name: 'approval.request', args: { id: 'demo-approval-2', ticketId: 't-08', eventId: eventId(), kind: 'refund', amountFen: 39900, orderId: null, reason: '订单未出库，客户申请全额退款' } },
    { minutesAgo: 3, user: 'u-agent-3', name: 'ticket.update', args: { ticketId: 't-12', eventId: eventId(), changes: { poolLevel: 2 } } },
    { minutesAgo: 1, user: 'u-agent-2', name: 'ticket.update', args: { ticketId: 't-09', eventId: eventId(), changes: { poolLevel: 3 } } },
    { minutesAgo: 1, user: 'u-agent-3', name: 'ticket.escalate', args: { ticketId: 't-10', eventId: eventId(), level: 2, reason: '退款卡在质检挂起，需仓储与财务2小时内反馈' } },
    { minutesAgo: 1, user: 'u-agent-3', name: 'approval.request', args: { id: 'demo-approval-3', ticketId: 't-10', eventId: eventId(), kind: 'refund', amountFen: 44900, orderId: null, reason: '退货已入库半月未退款，加急退回' } },
  ];
  // The parcel of 王芳's order has not moved for 72 hours (t-07): the logistics rule's fact, not a deadline.
  await store.db.updateTable('orders').set({ updated_at: at(72 * 60).toISOString() }).where('id', '=', 'o-04').execute();
  const seqs = new Map<string, number>();
  // The follow-up rules run in the server's clock pass; it looks once just after the refund became overdue.
  const refundOverdue = 6238 - tickets.followUp.refundOverdueDays * 24 * 60;
  let passed = false;
  for (const step of steps) {
    if (!passed && step.minutesAgo < refundOverdue) {
      await ticketClockPass(store, tickets, at(refundOverdue).toISOString());
      passed = true;
    }
    const role = users.get(step.user);
    if (!role) throw new Error(`demo process: no user ${step.user}`);
    const seq = (seqs.get(step.user) ?? 0) + 1;
    seqs.set(step.user, seq);
    const response = await push(
      store,
      { userId: step.user, role },
      { clientId: `demo-process-${step.user}`, protocolVersion: PROTOCOL_VERSION, schemaVersion: MIN_REPLICA_SCHEMA_VERSION, mutations: [{ seq, name: step.name, args: step.args, createdAt: at(step.minutesAgo).toISOString() }] },
      () => at(step.minutesAgo),
      log,
      effects,
    );
    const result = response.results[0];
    if (result?.status !== 'applied') throw new Error(`demo process: ${step.name} was not applied: ${JSON.stringify(response)}`);
  }
}
