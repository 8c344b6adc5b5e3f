// The compliance guard as the studio follows it: the backend flags the host's own words (what it says, its
// product titles, its comments) per market of the stream and sends each flag to the host only
// ('compliance:violation'); this keeps them in the studio store with when each arrived (a level-1 notice
// closes by itself a few seconds later, a level-2 warning stays until acknowledged), and the stream's
// markets ('compliance:markets'). Both lists are asked for when the room opens and after every reconnect.
import { languageMarket } from '../../../core/compliance/markets';
import type { ComplianceViolation, MarketsSet, RoomMarkets } from '../../../core/protocol/compliance';
import type { RoomClient } from '../../media/room-client';
import { useStudioStore } from '../../stores/studio-store';

/** How long a level-1 notice stays on screen. */
export const NOTICE_MS = 8000;
const KEEP = 200;

const violations = () => useStudioStore.getState().room.violations;
const patch = (p: { violations?: ComplianceViolation[]; markets?: RoomMarkets }) =>
  useStudioStore.getState().patchRoom(p);

/** `list` with `v` in place of the one of its id (or added), oldest first, capped. */
export function mergeViolation(
  list: readonly ComplianceViolation[],
  v: ComplianceViolation,
): ComplianceViolation[] {
  const out = list.filter((x) => x.id !== v.id);
  out.push(v);
  out.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));
  return out.slice(-KEEP);
}

/** What the warning overlay shows at `now`: open level-2 warnings, and level-1 notices still in their time. */
export function activeWarnings(
  list: readonly ComplianceViolation[],
  shownAt: ReadonlyMap<string, number>,
  dismissed: ReadonlySet<string>,
  now: number,
): ComplianceViolation[] {
  return list
    .filter((v) => {
      if (v.acknowledgedAt !== null || dismissed.has(v.id)) return false;
      if (v.level === 2) return true;
      const at = shownAt.get(v.id);
      return at !== undefined && now - at < NOTICE_MS;
    })
    .reverse();
}

/** The seller's home market as the studio keeps it, and the language it speaks in its captions. */
export interface HomePrefs {
  /** The home market the host chose (null: none chosen). */
  chosen(): string | null;
  choose(market: string): void;
  /** The captions' spoken language (null until known). */
  spoken(): string | null;
}

const NO_PREFS: HomePrefs = { chosen: () => null, choose: () => undefined, spoken: () => null };

export class ComplianceDesk {
  private current: { client: RoomClient; roomId: string } | null = null;
  /** When each violation (or its last growth) reached this studio: a notice's clock. */
  readonly shownAt = new Map<string, number>();
  /** Level-1 notices the host closed before their time. */
  readonly dismissed = new Set<string>();

  constructor(
    private readonly home: HomePrefs = NO_PREFS,
    private readonly now: () => number = Date.now,
  ) {}

  /** The home market the studio wants: the host's choice, else the market of the language it speaks. */
  wantedHome(): string | null {
    const spoken = this.home.spoken();
    return this.home.chosen() ?? (spoken ? languageMarket(spoken) : null);
  }

  /** Tells the backend the wanted home market when the room's differs (a room starts from its UI language). */
  syncHome(): void {
    const markets = useStudioStore.getState().room.markets;
    const want = this.wantedHome();
    if (!markets || !this.current || !want || want === markets.home) return;
    if (!markets.available.some((a) => a.market === want)) return;
    this.setMarkets({ home: want }).catch(() => undefined); // tried again at the next load
  }

  /** The host picks its home market: kept in its settings for every stream, and set for this one. */
  async chooseHome(market: string): Promise<void> {
    this.home.choose(market);
    await this.setMarkets({ home: market });
  }

  attach(client: RoomClient, roomId: string): () => void {
    this.current = { client, roomId };
    const offViolation = client.onServer('compliance:violation', (v) => {
      if (v.roomId !== roomId) return;
      const known = violations().find((x) => x.id === v.id);
      // New, or grown by a flag (a later partial): its clock starts again; an acknowledgement is not news.
      if (!known || known.flags.length !== v.flags.length) {
        this.shownAt.set(v.id, this.now());
        this.dismissed.delete(v.id);
      }
      patch({ violations: mergeViolation(violations(), v) });
    });
    const offMarkets = client.onServer('compliance:markets', (m) => {
      if (m.roomId === roomId) patch({ markets: m });
    });
    const load = () => {
      void client
        .request('compliance:list', { roomId })
        .then((list) => {
          let merged = violations();
          for (const v of list) merged = mergeViolation(merged, v);
          patch({ violations: merged });
        })
        .catch(() => undefined); // asked again at the next reconnect
      void client
        .request('compliance:markets', { roomId })
        .then((m) => {
          patch({ markets: m });
          this.syncHome();
        })
        .catch(() => undefined);
    };
    load();
    const offRejoined = client.on('rejoined', (id) => {
      if (id === roomId) load();
    });
    // The host switches the language it speaks: with no home market chosen, that moves the home market.
    const offSpoken = useStudioStore.subscribe((s, prev) => {
      if (s.captions.settings?.sourceLang !== prev.captions.settings?.sourceLang) this.syncHome();
    });
    return () => {
      offSpoken();
      offViolation();
      offMarkets();
      offRejoined();
      if (this.current?.client === client) this.current = null;
    };
  }

  /**
   * The host read a warning: it leaves the screen at once and the backend stores when (the replay and ops see
   * it); a level-2 warning the backend did not take comes back, and the error is thrown for the overlay to say.
   */
  async acknowledge(violationId: string): Promise<void> {
    const v = violations().find((x) => x.id === violationId);
    if (!v) return;
    this.dismissed.add(violationId);
    try {
      if (!this.current) throw new Error('not connected to the room');
      const done = await this.current.client.request('compliance:ack', { roomId: v.roomId, violationId });
      patch({ violations: mergeViolation(violations(), done) });
    } catch (error) {
      // A level-2 warning stays until the backend has it: back on screen, with why.
      if (v.level === 2) this.dismissed.delete(violationId);
      patch({ violations: [...violations()] });
      throw error;
    }
  }

  /** The host changes the stream's markets; throws the backend's typed error when it refuses. */
  async setMarkets(change: Omit<MarketsSet, 'roomId'>): Promise<void> {
    if (!this.current) throw new Error('no room yet');
    const m = await this.current.client.request('compliance:markets:set', {
      roomId: this.current.roomId,
      ...change,
    });
    patch({ markets: m });
  }

  get attached(): boolean {
    return this.current !== null;
  }
}
