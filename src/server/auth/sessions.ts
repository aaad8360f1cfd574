import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Role } from '../../shared/domain/enums';
import type { LoginResponse } from '../../shared/sync/protocol';
import { audit } from '../audit/audit-log';
import type { ServerDatabase } from '../db/schema';
import { verifyAgainstNobody, verifyPassword } from './passwords';

export interface AuthenticatedUser {
  userId: string;
  role: Role;
}

export const SESSION_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;

const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

/** Checks the password and opens a session; null when the username or password is wrong. */
export async function login(db: Kysely<ServerDatabase>, username: string, password: string, now: Date): Promise<LoginResponse | null> {
  const user = await db
    .selectFrom('users')
    .innerJoin('credentials', 'credentials.user_id', 'users.id')
    .select(['users.id', 'users.role', 'credentials.password_hash'])
    .where('users.username', '=', username)
    .executeTakeFirst();
  const ok = user ? await verifyPassword(password, user.password_hash) : await verifyAgainstNobody(password);
  const nowIso = now.toISOString();
  // Failed sign-ins are recorded too (who was tried, never the password): guessing shows in the audit trail.
  if (!user || !ok) {
    await audit(db, nowIso, { actorKind: 'user', actorId: user?.id ?? null, actorRole: user?.role ?? null, action: 'session.login', detail: { username }, outcome: 'rejected', messageKey: 'errors:auth.invalid_credentials' });
    return null;
  }
  const token = randomBytes(32).toString('base64url');
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('sessions')
      .values({ token_hash: hashToken(token), user_id: user.id, created_at: nowIso, expires_at: new Date(now.getTime() + SESSION_LIFETIME_MS).toISOString() })
      .execute();
    await audit(tx, nowIso, { actorKind: 'user', actorId: user.id, actorRole: user.role, action: 'session.login', detail: { username } });
  });
  return { token, userId: user.id, role: user.role };
}

/** The user behind a bearer token, with the role as the users table says now (not at login). */
export async function authenticate(db: Kysely<ServerDatabase>, token: string, now: Date): Promise<AuthenticatedUser | null> {
  if (!token) return null;
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['users.id', 'users.role'])
    .where('sessions.token_hash', '=', hashToken(token))
    .where('sessions.expires_at', '>', now.toISOString())
    .executeTakeFirst();
  return row ? { userId: row.id, role: row.role } : null;
}

export function bearerToken(header: string | undefined): string {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1] ?? '';
}
