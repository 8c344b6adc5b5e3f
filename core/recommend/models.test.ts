// Every model on a tiny hand-made click log whose right answers can be worked out by hand.
import { describe, expect, it } from 'vitest';
import { HybridModel, tuneOnTrain } from './hybrid';
import { ItemKnnModel } from './item-knn';
import { buildSessionLog, type SessionLog } from './log';
import { Popularity, rankItems, type NextItemModel } from './model';
import { PopModel } from './pop';
import { SequentialRulesModel } from './sequential-rules';
import { SessionPopModel } from './spop';
import { VsknnModel } from './vsknn';

// s1 a b c | s2 a b d | s3 a b c | s4 x y | s5 b c   (clicks: b 4, a 3, c 3, d 1, x 1, y 1)
function tinyLog(): SessionLog {
  const rows = ['session_id\titem_id\tts'];
  const sessions = [
    ['a', 'b', 'c'],
    ['a', 'b', 'd'],
    ['a', 'b', 'c'],
    ['x', 'y'],
    ['b', 'c'],
  ];
  sessions.forEach((items, s) => items.forEach((item, i) => rows.push(`s${s + 1}\t${item}\t${s * 100 + i}`)));
  const { log, errors } = buildSessionLog(rows);
  expect(errors).toEqual([]);
  return log;
}

const log = tinyLog();
const pop = new Popularity(log);
const top = (model: NextItemModel, session: string[], n = 4): string[] =>
  rankItems(model.score(session.map((id) => log.index.get(id)!)), pop, n).map((i) => log.names[i]!);

describe('session-based baselines on a hand-made log', () => {
  it('POP ranks by clicks, ties by first appearance, whatever the session', () => {
    expect(top(new PopModel(log), ['x', 'y'], 3)).toEqual(['b', 'a', 'c']);
  });

  it("S-POP puts the session's most clicked items first, then global popularity", () => {
    expect(top(new SessionPopModel(log), ['y', 'x', 'y'])).toEqual(['y', 'x', 'b', 'a']);
  });

  it('item-kNN follows the co-occurrences of the last item only', () => {
    // a co-occurs with b 3 times, c twice, d once; x never.
    expect(top(new ItemKnnModel(log), ['x', 'a'], 3)).toEqual(['b', 'c', 'd']);
  });

  it('SR scores what followed the last item, nearer steps weighing more', () => {
    // after a: b at step 1 (x3), c at step 2 (x2), d at step 2 (x1)
    expect(top(new SequentialRulesModel(log), ['a'], 3)).toEqual(['b', 'c', 'd']);
    // after c nothing ever came: popularity fills the list
    expect(top(new SequentialRulesModel(log), ['c'], 2)).toEqual(['b', 'a']);
  });

  it('V-SKNN votes with the sessions most similar to the whole session, its own items included', () => {
    // query a b: s1 s2 s3 share both (0.95), s5 shares b (0.5) -> b 3.35, a 2.85, c 2.4, d 0.95
    expect(top(new VsknnModel(log), ['a', 'b'])).toEqual(['b', 'a', 'c', 'd']);
    // a query sharing nothing has no neighbours and gets the popular items
    expect(new VsknnModel(log).score([]).size).toBe(0);
  });

  it('V-SKNN weighs recent clicks more: the neighbour sharing the last item wins', () => {
    const model = new VsknnModel(log, { k: 1 });
    // x (old) and b (recent): s5 (b c, most recent of those sharing b) beats s4 (x y)
    expect(top(model, ['x', 'b'], 2)).toEqual(['b', 'c']);
  });

  it("with neighbourPositionDecay, a neighbour's items near the shared item vote more", () => {
    const rows = [
      'session_id\titem_id\tts',
      ...['f1', 'f2', 'f3', 'n1', 'q', 'n2', 'g1', 'g2'].map((it, i) => `1\t${it}\t${i}`),
    ];
    const { log: long } = buildSessionLog(rows);
    const longPop = new Popularity(long);
    const ids = (model: NextItemModel): string[] =>
      rankItems(model.score([long.index.get('q')!]), longPop, 8).map((i) => long.names[i]!);
    // plain V-SKNN: every item of the neighbour gets the same vote, ties by first appearance
    expect(ids(new VsknnModel(long))).toEqual(['f1', 'f2', 'f3', 'n1', 'q', 'n2', 'g1', 'g2']);
    const near = ids(new VsknnModel(long, { neighbourPositionDecay: 1 }));
    expect(near.slice(0, 3)).toEqual(['n1', 'q', 'n2']);
    expect(near.slice(3, 5).sort()).toEqual(['f3', 'g1']);
  });
});

describe('OURS', () => {
  it('with only the V-SKNN weight is V-SKNN with IDF (rarer a overtakes b); reminders lift the session items', () => {
    const vsknnOnly = new HybridModel(log, { vsknn: 1, sr: 0, itemKnn: 0, remindLast: 0, remind: 0 });
    // div decay: s1-s3 0.75, s5 0.5 (no neighbour is long enough for the position decay); times 1 + idf: a 2.25*1.51, b 2.75*1.22, c 2.0*1.51, d 0.75*2.61
    expect(top(vsknnOnly, ['a', 'b'])).toEqual(['a', 'b', 'c', 'd']);
    const remindOnly = new HybridModel(log, { vsknn: 0, sr: 0, itemKnn: 0, remindLast: 2, remind: 1 });
    expect(top(remindOnly, ['d', 'x', 'd', 'y'], 3)).toEqual(['y', 'd', 'x']);
  });

  it('keeps default weights on a log too small to tune on', () => {
    expect(tuneOnTrain(log).source).toBe('default');
  });

  it("tunes on TRAIN's last day and learns a strict successor pattern", () => {
    // 3 days of sessions walking a ring of 30 items: the next item is always the successor.
    const rows = ['session_id\titem_id\tts'];
    for (let s = 0; s < 600; s++) {
      const start = (s * 7) % 30;
      for (let i = 0; i < 4; i++) rows.push(`s${s}\ti${(start + i) % 30}\t${s * 400 + i}`);
    }
    const { log: ring } = buildSessionLog(rows);
    const tuning = tuneOnTrain(ring);
    expect(tuning.source).toBe('tuned');
    expect(tuning.validationMrr).toBe(1);
    const model = new HybridModel(ring, tuning.weights);
    const ringPop = new Popularity(ring);
    const first = rankItems(model.score(['i3', 'i4'].map((id) => ring.index.get(id)!)), ringPop, 1);
    expect(ring.names[first[0]!]).toBe('i5');
  });
});

describe('rankItems', () => {
  it('returns exactly n distinct items, popular ones filling, excluded ones left out', () => {
    const scores = new Map([[log.index.get('y')!, 2]]);
    const list = rankItems(scores, pop, 5, new Set([log.index.get('b')!]));
    expect(list.map((i) => log.names[i])).toEqual(['y', 'a', 'c', 'd', 'x']);
    expect(rankItems(new Map(), pop, 50)).toHaveLength(log.names.length);
  });

  it('picks the same top n from many candidates as a full sort would', () => {
    const { log: big } = buildSessionLog([
      'session_id\titem_id\tts',
      ...Array.from({ length: 300 }, (_, i) => `s${i % 7}\ti${i}\t${i}`),
    ]);
    const bigPop = new Popularity(big);
    let seed = 7;
    const random = (): number => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const scores = new Map(
      Array.from({ length: 300 }, (_, i) => [i, Math.floor(random() * 50)] as [number, number]),
    );
    const expected = [...scores]
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, 20)
      .map((e) => e[0]);
    expect(rankItems(scores, bigPop, 20)).toEqual(expected);
  });
});
