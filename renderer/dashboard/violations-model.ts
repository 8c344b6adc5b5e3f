// The room view's compliance list: the room's violations loaded once ('compliance:list'), then kept current
// from 'compliance:violation' (new, grown or acknowledged: the same id replaces the row). Pure.
import type { ComplianceViolation } from '../../core/protocol/compliance';

/** Violations kept per room view (the backend lists at most its newest 200 too). */
export const VIOLATION_LIMIT = 200;

const byTime = (a: ComplianceViolation, b: ComplianceViolation) =>
  a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The list with `v` added or replacing its earlier version, oldest first, the newest VIOLATION_LIMIT. */
export function upsertViolation(
  list: readonly ComplianceViolation[],
  v: ComplianceViolation,
): ComplianceViolation[] {
  const next = list.filter((x) => x.id !== v.id);
  next.push(v);
  next.sort(byTime);
  return next.slice(-VIOLATION_LIMIT);
}

/** A loaded list merged with what arrived live meanwhile (a live version wins: it is as new or newer). */
export function mergeViolations(
  loaded: readonly ComplianceViolation[],
  live: readonly ComplianceViolation[],
): ComplianceViolation[] {
  let out = [...loaded].sort(byTime).slice(-VIOLATION_LIMIT);
  for (const v of live) out = upsertViolation(out, v);
  return out;
}
