// The compliance guard of one gateway node: checks the host's own words (its caption source, partials and
// finals, before translation; its product titles when saved; its comments) against the rule packs of the
// stream's markets, stores each flagged sentence as a violation event and tells the room's staff. It also
// follows each room's viewers (presence facts, from every node) to know their markets and shares.
import { createHash } from 'node:crypto';
import { checkLine, warmSegmenters, type CompliancePacks } from '../../core/compliance';
import { defaultHome, marketOfViewer, roomMarkets } from '../../core/compliance/markets';
import type { AnalyticsFact } from '../../core/metrics/facts';
import { onlineAt, type PresenceMark } from '../../core/metrics/presence';
import type {
  ComplianceFlag,
  ComplianceViolation,
  MarketsSet,
  RoomMarkets,
  ViolationSource,
} from '../../core/protocol/compliance';
import { StudioError } from '../../core/protocol/result';
import type { Logger } from '../log';
import type { StudioStore } from '../store/store';
import type { StoredMarkets } from '../store/compliance-store';

/** How long after a viewer change the room's markets are pushed (a burst of joins is one push). */
const MARKETS_DEBOUNCE_MS = 1000;

interface Viewer {
  market: string | null;
  /** Latest presence mark per session. */
  sessions: Map<string, PresenceMark>;
}

interface RoomState {
  choice: StoredMarkets | null;
  viewers: Map<string, Viewer>;
  /** Flags already reported per violation id ("market|rule|words"). */
  seen: Map<string, Set<string>>;
  marketsTimer: NodeJS.Timeout | null;
  lastPushed: string;
  /** Checks of one room run one after another (a caption's partials must not race each other). */
  queue: Promise<unknown>;
}

export interface GuardOptions {
  repo: StudioStore;
  packs: CompliancePacks;
  log: Logger;
  /** To the room's staff: a violation that is new, grew or was acknowledged. */
  sendViolation(v: ComplianceViolation): void;
  /** To the room's staff: its markets changed. */
  sendMarkets(m: RoomMarkets): void;
  now?: () => number;
}

/** One sentence of the host's, where it came from. */
interface Sentence {
  roomId: string;
  source: ViolationSource;
  sourceId: string;
  lang: string;
  text: string;
}

const flagKey = (f: ComplianceFlag) => `${f.market}|${f.rule}|${f.words}`;

export class ComplianceGuard {
  private readonly rooms = new Map<string, RoomState>();
  private readonly now: () => number;

  constructor(private readonly opts: GuardOptions) {
    this.now = opts.now ?? Date.now;
    this.precompile();
  }

  get size(): number {
    return this.rooms.size;
  }

  /**
   * Compiles every pack's rules for the scripts a line can be in and loads the word segmenters, so the first
   * live sentence is as fast as the rest.
   */
  private precompile(): void {
    warmSegmenters();
    const samples = ['a', '中', 'あ', 'ا', '한', '中 a', 'あ a', 'ا a'];
    for (const market of this.opts.packs.keys())
      for (const s of samples) checkLine(s, market, this.opts.packs);
  }

  private room(roomId: string): RoomState {
    let r = this.rooms.get(roomId);
    if (!r)
      this.rooms.set(
        roomId,
        (r = {
          choice: null,
          viewers: new Map(),
          seen: new Map(),
          marketsTimer: null,
          lastPushed: '',
          queue: Promise.resolve(),
        }),
      );
    return r;
  }

  private async choice(roomId: string): Promise<StoredMarkets> {
    const r = this.room(roomId);
    if (r.choice) return r.choice;
    const stored = await this.opts.repo.compliance.markets(roomId);
    if (stored) return (r.choice = stored);
    const room = await this.opts.repo.rooms.get(roomId);
    return (r.choice = {
      home: defaultHome(this.opts.packs, room?.hostLanguage ?? 'zh-CN'),
      added: [],
      excluded: [],
    });
  }

  private viewerMarkets(r: RoomState, now: number): (string | null)[] {
    const out: (string | null)[] = [];
    for (const v of r.viewers.values())
      if ([...v.sessions.values()].some((mark) => onlineAt(mark, now))) out.push(v.market);
    return out;
  }

  /** The room's markets now, with each one's share of the online viewers and its guide. */
  async markets(roomId: string): Promise<RoomMarkets> {
    const choice = await this.choice(roomId);
    return roomMarkets(this.opts.packs, roomId, choice, this.viewerMarkets(this.room(roomId), this.now()));
  }

  /** The host changes the home market or what is added or excluded; unknown markets are refused. */
  async setMarkets(patch: MarketsSet): Promise<RoomMarkets> {
    const current = await this.choice(patch.roomId);
    for (const m of [patch.home ?? current.home, ...(patch.added ?? []), ...(patch.excluded ?? [])])
      if (!this.opts.packs.has(m)) throw new StudioError('invalid_argument', `No rule pack for market ${m}`);
    const next: StoredMarkets = {
      home: patch.home ?? current.home,
      added: [...new Set(patch.added ?? current.added)],
      excluded: [...new Set(patch.excluded ?? current.excluded)],
    };
    await this.opts.repo.compliance.setMarkets(patch.roomId, next, this.now());
    this.room(patch.roomId).choice = next;
    const markets = await this.markets(patch.roomId);
    this.push(patch.roomId, markets);
    return markets;
  }

  private push(roomId: string, markets: RoomMarkets): void {
    const r = this.room(roomId);
    const key = JSON.stringify(markets);
    if (key === r.lastPushed) return;
    r.lastPushed = key;
    this.opts.sendMarkets(markets);
  }

  /** Viewer presence from every node: who is online in which market. */
  facts(facts: readonly AnalyticsFact[]): void {
    const changed = new Set<string>();
    for (const f of facts) {
      if (f.kind !== 'presence' || f.viewer === null) continue;
      const r = this.room(f.roomId);
      let v = r.viewers.get(f.viewer);
      if (!v) {
        r.viewers.set(
          f.viewer,
          (v = { market: marketOfViewer(this.opts.packs, f.lang, f.region), sessions: new Map() }),
        );
        changed.add(f.roomId);
      }
      const before = v.sessions.get(f.session);
      if (!before || before.leave !== (f.state === 'leave')) changed.add(f.roomId);
      v.sessions.set(f.session, { at: f.at, leave: f.state === 'leave' });
    }
    for (const roomId of changed) this.schedulePush(roomId);
  }

  private schedulePush(roomId: string): void {
    const r = this.room(roomId);
    if (r.marketsTimer) return;
    r.marketsTimer = setTimeout(() => {
      r.marketsTimer = null;
      this.markets(roomId).then(
        (m) => this.push(roomId, m),
        (error: unknown) =>
          this.opts.log.warn({ roomId, err: String(error) }, 'compliance: markets not sent'),
      );
    }, MARKETS_DEBOUNCE_MS);
    r.marketsTimer.unref?.();
  }

  /**
   * Checks one sentence of the host's against the stream's markets; stores and sends the violation when it
   * has a flag not reported before for the same sentence (a caption's partials share one violation).
   */
  check(
    roomId: string,
    source: ViolationSource,
    sourceId: string,
    lang: string,
    text: string,
  ): Promise<ComplianceViolation | null> {
    if (!text.trim()) return Promise.resolve(null);
    const r = this.room(roomId);
    const run = r.queue.then(() => this.checkNow({ roomId, source, sourceId, lang, text }));
    r.queue = run.catch(() => undefined);
    return run;
  }

  private async checkNow(sentence: Sentence): Promise<ComplianceViolation | null> {
    const { roomId, source, sourceId, lang, text } = sentence;
    const { markets } = await this.markets(roomId);
    const flags: ComplianceFlag[] = [];
    for (const { market } of markets)
      for (const f of checkLine(text, market, this.opts.packs))
        flags.push({
          category: f.category,
          rule: f.rule,
          words: f.text,
          market,
          severity: f.severity,
          citation: f.citation,
          rephrase: f.rephrase,
        });
    if (flags.length === 0) return null;
    const id = violationId(roomId, source, sourceId, source === 'caption' ? '' : text);
    const r = this.room(roomId);
    let seen = r.seen.get(id);
    if (!seen) r.seen.set(id, (seen = new Set()));
    const fresh = flags.filter((f) => !seen.has(flagKey(f)));
    if (fresh.length === 0) return null;
    const previous = seen.size > 0 ? await this.opts.repo.compliance.get(roomId, id) : null;
    const merged = [
      ...(previous?.flags ?? []).filter((f) => !flags.some((g) => flagKey(g) === flagKey(f))),
      ...flags,
    ];
    for (const f of merged) seen.add(flagKey(f));
    const violation = await this.opts.repo.compliance.save({
      id,
      roomId,
      at: previous?.at ?? this.now(),
      source,
      sourceId,
      lang,
      text,
      level: merged.some((f) => f.severity === 2) ? 2 : 1,
      flags: merged,
      acknowledgedAt: previous?.acknowledgedAt ?? null,
    });
    this.opts.sendViolation(violation);
    return violation;
  }

  async acknowledge(roomId: string, id: string): Promise<ComplianceViolation> {
    const v = await this.opts.repo.compliance.acknowledge(roomId, id, this.now());
    if (!v) throw new StudioError('not_found', 'No such warning in this room');
    this.opts.sendViolation(v);
    return v;
  }

  end(roomId: string): void {
    const r = this.rooms.get(roomId);
    if (r?.marketsTimer) clearTimeout(r.marketsTimer);
    this.rooms.delete(roomId);
  }

  close(): void {
    for (const roomId of [...this.rooms.keys()]) this.end(roomId);
  }
}

/** A stable id per sentence: per caption (its partials and final), per product or comment text. */
export function violationId(roomId: string, source: ViolationSource, sourceId: string, text: string): string {
  return createHash('sha256')
    .update(`${roomId}\n${source}\n${sourceId}\n${text}`)
    .digest('base64url')
    .slice(0, 24);
}
