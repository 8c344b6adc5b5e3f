// One QUERIES line: {"id":"...","items":["i1","i2",...]}, the session so far, oldest first.
import { RecommendInputError } from './log';

export interface SessionQuery {
  id: string;
  items: string[];
}

/**
 * Parses a QUERIES line. A line without a readable id gives only an error; a line with an id but bad
 * items gives the query with the usable items and an error saying what was dropped.
 */
export function parseQueryLine(
  line: string,
  lineNo: number,
): { query: SessionQuery | null; error: RecommendInputError | null } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (e) {
    return {
      query: null,
      error: new RecommendInputError('queries', lineNo, 'bad_json', (e as Error).message),
    };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {
      query: null,
      error: new RecommendInputError(
        'queries',
        lineNo,
        'bad_query',
        'expected a JSON object {"id":...,"items":[...]}',
      ),
    };
  }
  const { id, items } = value as { id?: unknown; items?: unknown };
  if ((typeof id !== 'string' && typeof id !== 'number') || id === '') {
    return {
      query: null,
      error: new RecommendInputError('queries', lineNo, 'bad_query', '"id" must be a non-empty string'),
    };
  }
  const query: SessionQuery = { id: String(id), items: [] };
  if (!Array.isArray(items)) {
    return {
      query,
      error: new RecommendInputError(
        'queries',
        lineNo,
        'bad_query',
        '"items" must be an array of item ids; answered with popular items',
      ),
    };
  }
  let dropped = 0;
  for (const item of items as unknown[]) {
    if (typeof item === 'string' || (typeof item === 'number' && Number.isFinite(item)))
      query.items.push(String(item));
    else dropped++;
  }
  const error =
    dropped > 0
      ? new RecommendInputError(
          'queries',
          lineNo,
          'bad_query',
          `${dropped} item(s) are not strings or numbers; ignored`,
        )
      : null;
  return { query, error };
}
