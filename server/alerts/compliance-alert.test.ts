// A compliance violation's ops alert over a real (SQLite) store: one alert per violation event however it
// grows, the same event applied on two "nodes" stored and told once, cleared when the host acknowledges it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Alert } from '../../core/protocol/analytics-events';
import type { ComplianceFlag, ComplianceViolation } from '../../core/protocol/compliance';
import { quietLogger } from '../../tests/support/quiet-logger';
import { openStore, type StudioStore } from '../store/store';
import { AlertBook } from './alert-book';
import { complianceViolation } from './rules';

let store: StudioStore;
beforeEach(async () => {
  store = await openStore({ sqliteFile: ':memory:' });
  await store.migrate();
});
afterEach(() => store.close());

const flag = (category: ComplianceFlag['category'], words: string, market = 'CN'): ComplianceFlag => ({
  category,
  rule: `${market}.${category}`,
  words,
  market,
  severity: 2,
  citation: 'art. 9(3)',
  rephrase: '',
});
const violation = (flags: ComplianceFlag[], acknowledgedAt: number | null = null): ComplianceViolation => ({
  id: 'cv-1',
  roomId: 'r1',
  at: 5_000,
  source: 'caption',
  sourceId: 'cap-1',
  lang: 'zh',
  text: '这款洗发水是国家级配方，还能根治脱发',
  level: 2,
  flags,
  acknowledgedAt,
});

function node() {
  const told: Alert[] = [];
  const book = new AlertBook(
    store.alerts,
    (a) => told.push(a),
    quietLogger,
    () => 9_000,
  );
  return { told, book };
}

describe('the compliance alert', () => {
  it('words the event by level, categories, markets and words, never the whole sentence', () => {
    const c = complianceViolation(
      violation([
        flag('absolute_term', '国家级'),
        flag('medical_claim', '根治脱发'),
        flag('medical_claim', '根治脱发', 'SA'),
      ]),
    );
    expect(c).toMatchObject({ kind: 'compliance', subject: 'cv-1', holds: true, at: 5_000 });
    expect(c.detail).toEqual({
      violationId: 'cv-1',
      level: 2,
      source: 'caption',
      categories: 'absolute_term,medical_claim',
      markets: 'CN,SA',
      words: '国家级 · 根治脱发',
    });
    expect(JSON.stringify(c.detail)).not.toContain('洗发水');
  });

  it('is raised once per event: a grown event (same id, more flags) and a second node raise nothing', async () => {
    const a = node();
    const b = node();
    await a.book.apply('r1', [complianceViolation(violation([flag('absolute_term', '国家级')]))]);
    const grown = violation([flag('absolute_term', '国家级'), flag('medical_claim', '根治脱发')]);
    await a.book.apply('r1', [complianceViolation(grown)]);
    await b.book.apply('r1', [complianceViolation(grown)]);
    expect(a.told.map((x) => [x.kind, x.open, x.detail.words])).toEqual([['compliance', true, '国家级']]);
    expect(b.told).toEqual([]);
    expect((await store.alerts.ofRoom('r1')).length).toBe(1);
  });

  it('is cleared when the host acknowledges the event', async () => {
    const { told, book } = node();
    await book.apply('r1', [complianceViolation(violation([flag('absolute_term', '国家级')]))]);
    await book.apply('r1', [complianceViolation(violation([flag('absolute_term', '国家级')], 8_000))]);
    expect(told.map((x) => [x.kind, x.open])).toEqual([
      ['compliance', true],
      ['compliance', false],
    ]);
  });
});
