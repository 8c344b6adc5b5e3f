import { describe, expect, it } from 'vitest';
import { buildSessionLog, knownItems, RecommendInputError } from './log';
import { parseQueryLine } from './query';

describe('TRAIN reading', () => {
  it("takes both headers (ours and session-rec's), any column order, CRLF and interleaved sessions", () => {
    const a = buildSessionLog(['session_id\titem_id\tts', '1\tx\t1', '2\ty\t2', '1\tz\t3\r']);
    const b = buildSessionLog(['Time\tSessionId\tItemId', '1\t1\tx', '2\t2\ty', '3\t1\tz']);
    for (const { log, errors } of [a, b]) {
      expect(errors).toEqual([]);
      expect(log.sessions.map((s) => s.items.map((i) => log.names[i]))).toEqual([['y'], ['x', 'z']]);
    }
  });

  it('refuses bad lines with a typed error naming line and reason, and keeps the rest', () => {
    const { log, errors } = buildSessionLog([
      'session_id\titem_id\tts',
      '1\tx\t10',
      'only-two\tfields',
      '1\t\t11',
      '1\ty\tyesterday',
      '1\tz\t5',
      '1\tw\t12',
    ]);
    expect(errors.every((e) => e instanceof RecommendInputError && e.source === 'train')).toBe(true);
    expect(errors.map((e) => [e.line, e.code])).toEqual([
      [3, 'bad_columns'],
      [4, 'empty_field'],
      [5, 'bad_timestamp'],
      [6, 'time_went_back'],
    ]);
    // a click out of time order is reported but kept, in its place by time
    expect(log.sessions[0]!.items.map((i) => log.names[i])).toEqual(['z', 'x', 'w']);
  });

  it('reads a file without header as session, item, ts and says so', () => {
    const { log, errors } = buildSessionLog(['1\tx\t1', '1\ty\t2']);
    expect(errors.map((e) => e.code)).toEqual(['bad_header']);
    expect(log.sessions[0]!.items).toHaveLength(2);
  });

  it('drops unknown items from a query', () => {
    const { log } = buildSessionLog(['session_id\titem_id\tts', '1\tx\t1']);
    expect(knownItems(log, ['nope', 'x', 'never'])).toEqual([log.index.get('x')]);
  });
});

describe('QUERIES lines', () => {
  it('parses ids and items (numbers too)', () => {
    expect(parseQueryLine('{"id":"q1","items":["a",7]}', 1)).toEqual({
      query: { id: 'q1', items: ['a', '7'] },
      error: null,
    });
  });

  it('gives typed errors: bad JSON and a missing id answer nothing, bad items are dropped', () => {
    expect(parseQueryLine('{"id":', 3).error?.code).toBe('bad_json');
    expect(parseQueryLine('{"id":"q","items":["a",null]}', 4)).toMatchObject({
      query: { id: 'q', items: ['a'] },
      error: { code: 'bad_query', line: 4 },
    });
    expect(parseQueryLine('{"items":["a"]}', 5)).toMatchObject({ query: null, error: { code: 'bad_query' } });
    expect(parseQueryLine('{"id":"q","items":"a"}', 6).query).toEqual({ id: 'q', items: [] });
  });
});
