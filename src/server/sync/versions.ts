import { PROTOCOL_VERSION, type SyncErrorBody } from '../../shared/sync/protocol';

/**
 * The oldest replica schema this server can serve; replica migration names sort in order.
 * 0008 added the hand-over tables (participants, history): an older replica has nowhere to store
 * their rows, nor knows that an invited colleague's chats are in its scope.
 * 0009 added script versions, script usage and reply-rule groups: an older replica has nowhere
 * to store their rows, and an older message.send could not say which script a reply came from.
 * 0010 added the KB review tables and columns: an older replica has nowhere to store their rows.
 */
export const MIN_REPLICA_SCHEMA_VERSION = '0010-kb-review';

/**
 * Read from the raw body before full validation: an old client's request may not match
 * today's schema at all, and it must learn that it needs an update, not that it sent garbage.
 */
export function updateRequired(body: unknown): SyncErrorBody | null {
  if (typeof body !== 'object' || body === null) return null;
  const { protocolVersion, schemaVersion } = body as Record<string, unknown>;
  const oldProtocol = typeof protocolVersion === 'number' && protocolVersion < PROTOCOL_VERSION;
  const oldSchema = typeof schemaVersion === 'string' && schemaVersion < MIN_REPLICA_SCHEMA_VERSION;
  if (!oldProtocol && !oldSchema) return null;
  return {
    code: 'update_required',
    messageKey: 'errors:sync.update_required',
    minProtocolVersion: PROTOCOL_VERSION,
    minSchemaVersion: MIN_REPLICA_SCHEMA_VERSION,
  };
}
