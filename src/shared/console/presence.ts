import { PRESENCES, type Presence } from '../domain/enums';

/**
 * The presence the console's toggle (Alt+P, the header button) moves to: online → busy →
 * away → offline → online, the order an agent's shift runs through. Only online receives new
 * conversations; the server's routing reads it on every assignment.
 */
export function nextPresence(current: Presence): Presence {
  return PRESENCES[(PRESENCES.indexOf(current) + 1) % PRESENCES.length] ?? 'online';
}
