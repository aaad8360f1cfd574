/**
 * What changed between two versions of a script, for the library's history (SPEC §4: versions are
 * reviewed). Texts are compared character by character: Chinese has no spaces to split words on,
 * and a reviewer must see a changed 3 → 5 as clearly as a rewritten sentence.
 */
import { diffChars } from 'diff';

export type DiffPart = { kind: 'same' | 'added' | 'removed'; text: string };

export function textDiff(before: string, after: string): DiffPart[] {
  return diffChars(before, after).map((change) => ({ kind: change.added ? 'added' : change.removed ? 'removed' : 'same', text: change.value }));
}

/** Keywords are a set: which were added and which removed, in the order they are listed. */
export function keywordDiff(before: readonly string[], after: readonly string[]): { added: string[]; removed: string[] } {
  return { added: after.filter((k) => !before.includes(k)), removed: before.filter((k) => !after.includes(k)) };
}
