// The thresholds editor's form values: text per field, checked with the contract's schema before sending.
import { AlertThresholdsSchema, type AlertThresholds } from '../../core/protocol/analytics-events';

export const FIELDS = Object.keys(AlertThresholdsSchema.shape) as (keyof AlertThresholds)[];
export type Draft = Record<keyof AlertThresholds, string>;
export const toDraft = (t: Partial<AlertThresholds>): Draft =>
  Object.fromEntries(FIELDS.map((k) => [k, t[k] === undefined ? '' : String(t[k])])) as Draft;

/**
 * The draft as thresholds: for a room only the filled fields (its overrides), for the global defaults all of
 * them. Returns the first invalid field's issue instead when one does not fit the schema.
 */
export function draftToThresholds(
  draft: Draft,
  partial: boolean,
): { ok: true; value: Partial<AlertThresholds> } | { ok: false; field: keyof AlertThresholds } {
  const value: Partial<Record<keyof AlertThresholds, number>> = {};
  for (const k of FIELDS) {
    const raw = draft[k].trim();
    if (raw === '' && partial) continue;
    const n = Number(raw);
    if (raw === '' || !Number.isFinite(n) || !AlertThresholdsSchema.shape[k].safeParse(n).success)
      return { ok: false, field: k };
    value[k] = n;
  }
  return { ok: true, value };
}
