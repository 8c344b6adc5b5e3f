// A training log of click sessions, items interned to dense integers so the models work on typed arrays
// and small Maps. Lines are added one at a time (the CLI streams TRAIN); a bad line is a typed error the
// caller reports, and the log stays usable without it.

/** Why a TRAIN or QUERIES line was refused. */
export type RecommendInputErrorCode =
  | 'bad_header'
  | 'bad_columns'
  | 'empty_field'
  | 'bad_timestamp'
  | 'time_went_back'
  | 'bad_json'
  | 'bad_query';

export class RecommendInputError extends Error {
  override readonly name = 'RecommendInputError';
  constructor(
    readonly source: 'train' | 'queries',
    readonly line: number,
    readonly code: RecommendInputErrorCode,
    readonly reason: string,
  ) {
    super(`${source} line ${line}: ${code}: ${reason}`);
  }
}

/** One training session, items in click order, as interned item numbers. */
export interface TrainSession {
  items: number[];
  /** Time (seconds) of the session's last click. */
  lastTs: number;
}

export interface Catalogue {
  /** Item number -> the item id as written in TRAIN. */
  readonly names: readonly string[];
  /** Item id -> item number; ids not in TRAIN are unknown. */
  readonly index: ReadonlyMap<string, number>;
}

/** Sessions sorted by their last click, oldest first (so a larger index is a more recent session). */
export interface SessionLog extends Catalogue {
  readonly sessions: readonly TrainSession[];
}

const HEADERS: readonly (readonly string[])[] = [
  ['session_id', 'item_id', 'ts'],
  ['sessionid', 'itemid', 'time'],
];

/** Builds a SessionLog from TRAIN lines (header first). Sessions need not be contiguous in the file. */
export class SessionLogBuilder {
  private readonly names: string[] = [];
  private readonly index = new Map<string, number>();
  private readonly open = new Map<string, TrainSession>();
  private readonly times = new Map<TrainSession, number[]>();
  private readonly unsorted = new Set<TrainSession>();
  private columns: [number, number, number] | null = null;
  private lineNo = 0;

  /** Adds one line (without its newline); returns the error for a refused line, else null. */
  add(raw: string): RecommendInputError | null {
    const lineNo = ++this.lineNo;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (this.columns === null) return this.header(line.replace(/^\ufeff/, ''), lineNo);
    if (line.trim() === '') return null;
    const fields = line.split('\t');
    const [si, ii, ti] = this.columns;
    if (fields.length <= Math.max(si, ii, ti)) {
      return new RecommendInputError(
        'train',
        lineNo,
        'bad_columns',
        `expected 3 tab-separated fields, got ${fields.length}`,
      );
    }
    const sessionId = fields[si]!.trim();
    const itemId = fields[ii]!.trim();
    const tsText = fields[ti]!.trim();
    if (sessionId === '' || itemId === '') {
      return new RecommendInputError(
        'train',
        lineNo,
        'empty_field',
        'session_id and item_id must not be empty',
      );
    }
    const ts = Number(tsText);
    if (tsText === '' || !Number.isFinite(ts)) {
      return new RecommendInputError(
        'train',
        lineNo,
        'bad_timestamp',
        `ts is not a number: ${JSON.stringify(tsText)}`,
      );
    }
    let session = this.open.get(sessionId);
    let error: RecommendInputError | null = null;
    if (session && ts < session.lastTs) {
      // Still a click of the session: kept, and put in its place by time when the log is built.
      error = new RecommendInputError(
        'train',
        lineNo,
        'time_went_back',
        `ts ${ts} is before the session's previous click (${session.lastTs}); kept and ordered by ts`,
      );
      this.unsorted.add(session);
    }
    let item = this.index.get(itemId);
    if (item === undefined) {
      item = this.names.length;
      this.names.push(itemId);
      this.index.set(itemId, item);
    }
    if (!session) {
      session = { items: [], lastTs: ts };
      this.open.set(sessionId, session);
      this.times.set(session, []);
    }
    session.items.push(item);
    this.times.get(session)!.push(ts);
    session.lastTs = Math.max(session.lastTs, ts);
    return error;
  }

  private header(line: string, lineNo: number): RecommendInputError | null {
    const cols = line.split('\t').map((c) => c.trim().toLowerCase());
    for (const names of HEADERS) {
      const at = names.map((n) => cols.indexOf(n));
      if (at.every((i) => i >= 0)) {
        this.columns = [at[0]!, at[1]!, at[2]!];
        return null;
      }
    }
    // Without a header the file is read as session_id, item_id, ts and the first line is data.
    this.columns = [0, 1, 2];
    const error = new RecommendInputError(
      'train',
      lineNo,
      'bad_header',
      'expected the header "session_id<TAB>item_id<TAB>ts"; reading columns in that order',
    );
    this.lineNo--;
    const asData = this.add(line);
    return asData ?? error;
  }

  build(): SessionLog {
    for (const session of this.unsorted) {
      const times = this.times.get(session)!;
      const order = session.items.map((_, i) => i).sort((a, b) => times[a]! - times[b]! || a - b);
      session.items = order.map((i) => session.items[i]!);
    }
    const sessions = [...this.open.values()].filter((s) => s.items.length > 0);
    sessions.sort((a, b) => a.lastTs - b.lastTs);
    return { names: this.names, index: this.index, sessions };
  }
}

export function buildSessionLog(lines: Iterable<string>): { log: SessionLog; errors: RecommendInputError[] } {
  const builder = new SessionLogBuilder();
  const errors: RecommendInputError[] = [];
  for (const line of lines) {
    const error = builder.add(line);
    if (error) errors.push(error);
  }
  return { log: builder.build(), errors };
}

/** Interns a query's item ids, dropping the ones TRAIN never saw. */
export function knownItems(catalogue: Catalogue, ids: readonly string[]): number[] {
  const out: number[] = [];
  for (const id of ids) {
    const item = catalogue.index.get(id);
    if (item !== undefined) out.push(item);
  }
  return out;
}
