/**
 * The three-level ticket taxonomy (SPEC §6) as admins shape it: categories are renamed, moved,
 * reordered and retired, never deleted, so every ticket keeps the category it was filed under.
 */
export const CATEGORY_LEVELS = [1, 2, 3] as const;
export const CATEGORY_NAME_MAX = 50;

export interface CategoryRow {
  id: string;
  parent_id: string | null;
  retired_at: string | null;
}

/** Neither the category nor a level above it is retired: new tickets may be filed under it. */
export function categoryInUse(rows: readonly CategoryRow[], id: string): boolean {
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (let node = byId.get(id), depth = 0; node && depth < CATEGORY_LEVELS.length; node = node.parent_id ? byId.get(node.parent_id) : undefined, depth++) {
    if (node.retired_at !== null) return false;
  }
  return byId.has(id);
}
