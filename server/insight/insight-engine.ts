// The insight step every comment goes through once, on the server, before it is broadcast: language,
// sentiment, intent tags and the catalog product it refers to; then the room's rolling mood and alerts.
import type { MoodAlert, MoodSnapshot } from '../../core/protocol/insight-events';
import type { CommentInsight, Product, SentimentLabel } from '../../core/protocol/room-events';
import { foldText } from '../../core/text';
import type { ProductsStore } from '../store/products-store';
import { intentsOfMaskCached, intentMask } from './intents';
import { RoomMood } from './mood';
import { ProductMatcher } from './products';

export interface SentimentResult {
  label: SentimentLabel;
  /** Signed polarity p(pos) - p(neg), -1..1. */
  score: number;
  lang: string;
}
export type SentimentFn = (text: string) => SentimentResult;

/** A room's catalog is read again after this long, so changes made through another gateway node show. */
const CATALOG_TTL_MS = 5000;

interface RoomInsight {
  matcher: ProductMatcher;
  loadedAt: number;
  mood: RoomMood;
  changed: boolean;
  /** Last comment counted or catalog read: a room quiet for long is released. */
  activeAt: number;
}

export class InsightEngine {
  private readonly rooms = new Map<string, RoomInsight>();
  private readonly loading = new Map<string, Promise<RoomInsight>>();

  constructor(
    private readonly products: Pick<ProductsStore, 'list'>,
    private readonly sentiment: SentimentFn,
    private readonly clock: () => number = Date.now,
  ) {}

  private async room(roomId: string): Promise<RoomInsight> {
    const room = this.rooms.get(roomId);
    if (room && this.clock() - room.loadedAt < CATALOG_TTL_MS) return room;
    let pending = this.loading.get(roomId);
    if (!pending) {
      pending = this.products
        .list(roomId)
        .then((products) => this.catalog(roomId, products))
        .finally(() => this.loading.delete(roomId));
      this.loading.set(roomId, pending);
    }
    // A stale catalog still answers while the fresh one loads.
    return room ?? pending;
  }

  private catalog(roomId: string, products: Product[]): RoomInsight {
    const now = this.clock();
    const pinned = products.find((p) => p.pinned)?.id ?? null;
    let room = this.rooms.get(roomId);
    if (room) {
      room.matcher = new ProductMatcher(products);
      room.loadedAt = now;
      room.activeAt = now;
      room.mood.pin(pinned, now);
    } else {
      room = {
        matcher: new ProductMatcher(products),
        loadedAt: now,
        mood: new RoomMood(roomId, pinned, now),
        changed: false,
        activeAt: now,
      };
      this.rooms.set(roomId, room);
    }
    return room;
  }

  /** The catalog of a room changed on this node (a product added, edited, pinned): read it again. */
  async productsChanged(roomId: string): Promise<void> {
    const products = await this.products.list(roomId);
    // A room nobody comments in needs no matcher yet: it is built on the first comment.
    if (this.rooms.has(roomId)) this.catalog(roomId, products);
  }

  /** One comment's insight, plus any alerts it raises for the room. */
  async analyze(
    roomId: string,
    text: string,
    byHost: boolean,
  ): Promise<{ x: CommentInsight; alerts: MoodAlert[] }> {
    const room = await this.room(roomId);
    const x = this.analyzeText(text, room.matcher);
    return { x, alerts: this.countIn(room, x, text, byHost) };
  }

  /** Counts a comment analysed on another gateway node into this node's copy of the room's mood. */
  async count(roomId: string, x: CommentInsight, text: string, byHost: boolean): Promise<MoodAlert[]> {
    return this.countIn(await this.room(roomId), x, text, byHost);
  }

  private countIn(room: RoomInsight, x: CommentInsight, text: string, byHost: boolean): MoodAlert[] {
    const now = this.clock();
    room.changed = true;
    room.activeAt = now;
    return room.mood.add(x, text, byHost, now);
  }

  /** Rooms held now (mood, catalog matcher). */
  get size(): number {
    return this.rooms.size;
  }

  /** The room ended: its mood and catalog go (a later comment would start them afresh). */
  release(roomId: string): void {
    this.rooms.delete(roomId);
  }

  /** Releases rooms with no comment and no catalog change for `idleMs`; returns how many went. */
  releaseIdle(idleMs: number): number {
    const now = this.clock();
    let released = 0;
    for (const [roomId, room] of this.rooms) {
      if (now - room.activeAt < idleMs) continue;
      this.rooms.delete(roomId);
      released++;
    }
    return released;
  }

  /** The insight of one text against a catalog, with no room state (also what the bench times). */
  analyzeText(text: string, matcher: ProductMatcher): CommentInsight {
    const folded = foldText(text);
    const { label, score, lang } = this.sentiment(text);
    return {
      lang,
      s: label,
      sc: score,
      i: intentsOfMaskCached(intentMask(folded)),
      p: matcher.match(folded),
    };
  }

  /** Snapshots of the rooms whose mood changed since the last call. */
  changedSnapshots(): MoodSnapshot[] {
    const now = this.clock();
    const out: MoodSnapshot[] = [];
    for (const room of this.rooms.values()) {
      if (!room.changed) continue;
      room.changed = false;
      out.push(room.mood.snapshot(now));
    }
    return out;
  }

  snapshot(roomId: string): MoodSnapshot | null {
    return this.rooms.get(roomId)?.mood.snapshot(this.clock()) ?? null;
  }
}
