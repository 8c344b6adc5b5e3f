// The viewer page's analytics reporter: presence (join when the room is joined, a heartbeat every
// HEARTBEAT_MS, leave on pagehide), the pinned card's impression (once per pin period), clicks on the card and
// on Buy now, caption language and danmaku changes, sent as 'analytics:track' batches. Nothing identifying
// goes out: the backend stamps each event with this connection's viewer and room.
//
// While the connection is down, impressions, clicks and choices wait in a bounded queue and go out once the
// room is joined again ('rejoined', a new connection: presence starts over with a join); heartbeats are not
// kept. A typed refusal (a backend without the analytics module answers `unavailable`) is logged once per
// code and the page goes on. close() is safe to call twice.
import {
  AnalyticsTrackSchema,
  HEARTBEAT_MS,
  type AnalyticsTrackInput,
  type AnalyticsTrackResult,
  type ViewerEvent,
} from '../../core/protocol/analytics-events';
import { LanguageTagSchema } from '../../core/protocol/languages';
import { StudioError } from '../../core/protocol/result';

/** What the reporter needs of the room's connection (RoomClient has it). */
export interface AnalyticsConnection {
  request(event: 'analytics:track', input: AnalyticsTrackInput): Promise<AnalyticsTrackResult>;
  on(event: 'connection', listener: (connected: boolean) => void): () => void;
  on(event: 'rejoined', listener: (roomId: string) => void): () => void;
}

export interface ViewerAnalyticsOptions {
  connection: AnalyticsConnection;
  roomId: string;
  /** ms since the stream went live, as this page saw it (0 before). */
  streamTime: () => number;
  /** The page's language: the caption choice, else the browser's (a non-tag is left out). */
  language: () => string | null;
  /** A fresh random event id (a resend of the same event keeps its id). */
  newId?: () => string;
  /** Where the one line per refusal code goes (default console.info). */
  log?: (message: string) => void;
  /** Events waiting for the connection to come back: the oldest are dropped past this. */
  maxQueued?: number;
  /** How long events gather before a batch goes out. */
  flushMs?: number;
}

type Pending = ViewerEvent;
/** One event as the page reports it: id and stream time are added here. */
type Report = DistributiveOmit<ViewerEvent>;
type DistributiveOmit<T> = T extends unknown ? Omit<T, 'id' | 't'> : never;

export const MAX_BATCH = 20;
/** The backend takes a short burst of events per connection, then a few a second (rate_limited after). */
const BATCHES_PER_FLUSH = 2;
const PACE_MS = 5000;
const DEFAULT_MAX_QUEUED = 100;
const DEFAULT_FLUSH_MS = 250;

export class ViewerAnalytics {
  private readonly outbox: Pending[] = [];
  private readonly disposers: (() => void)[] = [];
  private readonly loggedCodes = new Set<string>();
  private heartbeat: ReturnType<typeof setInterval> | null = null;
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  /** Connected and in the room (false from a drop until the room is joined again). */
  private connected = true;
  private joined = false;
  private closed = false;
  /** The product whose pin period this is, and whether its card's impression went out. */
  private pin: { productId: string; seen: boolean } | null = null;
  /** Events dropped because the queue was full (for tests and the stats panel). */
  dropped = 0;

  constructor(private readonly options: ViewerAnalyticsOptions) {
    const { connection, roomId } = options;
    this.disposers.push(
      connection.on('connection', (up) => {
        if (up) return; // back in the room only once rejoined: events sent before that are refused
        this.connected = false;
        // A heartbeat on a dead connection would only be lost; the rejoin starts presence over.
        this.stopHeartbeat();
      }),
      connection.on('rejoined', (id) => {
        if (id !== roomId || !this.joined || this.closed) return;
        this.connected = true;
        this.startPresence();
      }),
    );
    if (typeof window !== 'undefined') {
      const onPageHide = () => this.leave();
      window.addEventListener('pagehide', onPageHide);
      this.disposers.push(() => window.removeEventListener('pagehide', onPageHide));
    }
  }

  /** The room is joined: presence starts (join now, then heartbeats). */
  joinedRoom(): void {
    if (this.closed || this.joined) return;
    this.joined = true;
    this.startPresence();
  }

  /**
   * The pinned product now (null: nothing pinned). A new pin period starts when the product changes or
   * after an unpin; its card's impression is reported once.
   */
  pinned(productId: string | null): void {
    if (productId === null) {
      this.pin = null;
      return;
    }
    if (this.pin?.productId === productId) return;
    this.pin = { productId, seen: false };
    this.cardShown();
  }

  /** The card was opened ('card') or Buy now pressed ('buy'). */
  click(productId: string, target: 'card' | 'buy'): void {
    this.report({ type: 'click', productId, target });
  }

  captionLanguage(lang: string | null): void {
    this.report({ type: 'caption_lang', lang });
  }

  danmaku(on: boolean): void {
    this.report({ type: 'danmaku', on });
  }

  /** The page is going away: a best-effort leave (the backend also counts a closed connection as left). */
  leave(): void {
    if (!this.joined || this.closed || !this.connected) return;
    this.stopHeartbeat();
    this.send([this.event({ type: 'presence', state: 'leave' })]);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stopHeartbeat();
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    this.disposers.splice(0).forEach((dispose) => dispose());
  }

  /** Events waiting to go out (queued while offline, or gathering for the next batch). */
  get queued(): number {
    return this.outbox.length;
  }

  private cardShown(): void {
    if (!this.pin || this.pin.seen) return;
    this.pin.seen = true;
    this.report({ type: 'impression', productId: this.pin.productId });
  }

  private startPresence(): void {
    this.stopHeartbeat();
    // The join goes first, then whatever waited while offline.
    this.send([this.event({ type: 'presence', state: 'join' })]);
    this.heartbeat = setInterval(() => {
      if (this.connected) this.send([this.event({ type: 'presence', state: 'heartbeat' })]);
    }, HEARTBEAT_MS);
    this.scheduleFlush(0);
  }

  private stopHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }

  private event(report: Report): Pending {
    const id = this.options.newId?.() ?? crypto.randomUUID();
    return { ...report, id, t: Math.max(0, Math.round(this.options.streamTime())) } as Pending;
  }

  private report(report: Report): void {
    if (this.closed) return;
    this.enqueue([this.event(report)]);
    this.scheduleFlush(this.options.flushMs ?? DEFAULT_FLUSH_MS);
  }

  private enqueue(events: Pending[]): void {
    this.outbox.push(...events);
    const max = this.options.maxQueued ?? DEFAULT_MAX_QUEUED;
    if (this.outbox.length > max) this.dropped += this.outbox.splice(0, this.outbox.length - max).length;
  }

  private scheduleFlush(ms: number): void {
    if (this.flushTimer || this.closed) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      this.flush();
    }, ms);
  }

  /**
   * Sends what waits, in batches of MAX_BATCH, when the room is joined and the connection is up: a couple of
   * batches now and the rest paced, within what the backend takes from one page (a backlog after a drop).
   */
  private flush(): void {
    if (this.closed || !this.joined || !this.connected) return;
    for (let i = 0; i < BATCHES_PER_FLUSH && this.outbox.length > 0; i++)
      this.send(this.outbox.splice(0, MAX_BATCH));
    if (this.outbox.length > 0) this.scheduleFlush(PACE_MS);
  }

  private lang(): string | undefined {
    const lang = this.options.language();
    return lang && LanguageTagSchema.safeParse(lang).success ? lang : undefined;
  }

  private send(events: Pending[]): void {
    const lang = this.lang();
    const input: AnalyticsTrackInput = {
      roomId: this.options.roomId,
      ...(lang ? { lang } : {}),
      events,
    };
    // A bug of ours, not the network's: never sent, said once.
    if (!AnalyticsTrackSchema.safeParse(input).success) {
      this.logOnce('invalid_argument', 'an analytics batch did not match its schema and was not sent');
      return;
    }
    this.options.connection.request('analytics:track', input).catch((error: unknown) => {
      const slowDown = error instanceof StudioError && error.code === 'rate_limited';
      if (error instanceof StudioError && !slowDown) {
        // The backend answered: a refusal is final for these events (a resend would be refused again).
        this.logOnce(error.code, error.message);
        return;
      }
      // No answer (the connection dropped, or the ack timed out), or too fast: keep what matters, not
      // presence, and send it again later. The events keep their ids, so one that did arrive counts once.
      const kept = events.filter((e) => e.type !== 'presence');
      if (kept.length === 0 || this.closed) return;
      this.outbox.unshift(...kept);
      this.enqueue([]);
      if (this.connected) this.scheduleFlush(slowDown ? PACE_MS : (this.options.flushMs ?? DEFAULT_FLUSH_MS));
    });
  }

  private logOnce(code: string, message: string): void {
    if (this.loggedCodes.has(code)) return;
    this.loggedCodes.add(code);
    (this.options.log ?? ((m: string) => console.info(m)))(`viewer analytics: ${code}: ${message}`);
  }
}
