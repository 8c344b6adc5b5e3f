// The host's try-on: puts the pinned product on the host's face in the stream. It tells the live session's
// compositor which overlay to draw (or none), follows the pinned product while on, hides the overlay at once
// on T, and writes status and stats into the try-on store for the UI.
import { arAsset } from '../../ar/ar-assets';
import { loadOverlay, type Overlay } from '../../ar/overlays';
import { useTryOnStore, type TryOnState } from '../../ar/try-on-store';
import { useStudioStore } from '../../stores/studio-store';
import type { LiveSession } from './live-session';

// The tracker's rates (frames drawn, tracking time) are sampled from the compositor in this window once a
// second while try-on is on: a rate is read over time, and nothing outside the renderer is asked.
const STATS_POLL_MS = 1000;

/** The pinned product's AR asset id when it names one we have. */
export function pinnedAssetId(): string | null {
  const pinned = useStudioStore.getState().room.products.find((p) => p.pinned);
  return arAsset(pinned?.arAsset)?.spec.id ?? null;
}

export class StudioTryOn {
  private overlay: Overlay | null = null;
  /** Bumped on every change, so a slow overlay load cannot win over a later choice. */
  private generation = 0;
  private statsTimer: ReturnType<typeof setInterval> | null = null;
  private readonly disposers: (() => void)[] = [];

  constructor(private readonly session: LiveSession) {
    this.disposers.push(
      // While on, try-on wears whatever is pinned (off when the pinned product has no asset).
      useStudioStore.subscribe((s, prev) => {
        if (s.room.products !== prev.room.products && this.state.enabled) void this.follow();
      }),
      // A compositor made after try-on was turned on (preview started later) gets the overlay too.
      session.onCompositor(() => this.apply()),
    );
  }

  private get state(): TryOnState {
    return useTryOnStore.getState().tryOn;
  }

  private patch(p: Partial<TryOnState>): void {
    useTryOnStore.getState().patchTryOn(p);
  }

  /** Turns try-on on with the pinned product. */
  async enable(): Promise<void> {
    this.patch({ enabled: true, hidden: false, error: null });
    this.startStats();
    await this.follow();
  }

  disable(): void {
    this.generation++;
    this.overlay = null;
    this.stopStats();
    this.patch({ enabled: false, hidden: false, assetId: null, status: 'off', error: null, stats: null });
    this.apply();
  }

  toggle(): Promise<void> {
    if (this.state.enabled) {
      this.disable();
      return Promise.resolve();
    }
    return this.enable();
  }

  /** T: hides or shows the overlay from the next frame on (the tracker stays warm). */
  setHidden(hidden: boolean): void {
    if (!this.state.enabled) return;
    this.patch({ hidden });
    this.apply();
  }

  private async follow(): Promise<void> {
    const assetId = pinnedAssetId();
    if (assetId === this.state.assetId && this.overlay) return;
    const generation = ++this.generation;
    if (!assetId) {
      this.overlay = null;
      this.patch({ assetId: null, status: 'on' });
      this.apply();
      return;
    }
    this.patch({ assetId, status: 'loading' });
    try {
      const overlay = await loadOverlay(assetId);
      if (generation !== this.generation) return;
      this.overlay = overlay;
      this.patch({ status: 'on', error: null });
      this.apply();
    } catch (error) {
      if (generation !== this.generation) return;
      this.patch({ status: 'error', error: error instanceof Error ? error.message : String(error) });
    }
  }

  /** Tells the compositor what to draw now. */
  private apply(): void {
    const { enabled, hidden } = this.state;
    this.session.compositor?.setProduct(enabled && !hidden ? this.overlay : null);
  }

  /**
   * Puts the product on the face under a point of the output picture (canvas pixels: a click in the preview,
   * see renderer/ar/preview-point.ts); false when no tracked face is there.
   */
  pickFaceAt(point: { x: number; y: number }): boolean {
    const picked = this.session.compositor?.pickFaceAt(point) ?? false;
    if (picked) this.readStats();
    return picked;
  }

  /** Puts the product on the next face in view, left to right; false when there is no other. */
  nextFace(): boolean {
    const moved = this.session.compositor?.nextFace() ?? false;
    if (moved) this.readStats();
    return moved;
  }

  private startStats(): void {
    this.stopStats();
    this.statsTimer = setInterval(() => this.readStats(), STATS_POLL_MS);
  }

  private readStats(): void {
    const stats = this.session.compositor?.stats();
    if (!stats || !this.state.enabled) return;
    // The tracker came back after a failure (a retried start, a worker that answered again).
    if (this.state.status === 'error' && stats.trackHz > 0) this.patch({ status: 'on', error: null });
    this.patch({
      stats: {
        drawnFps: stats.drawnFps,
        trackMs: stats.trackMs === null ? null : Math.round(stats.trackMs),
        trackHz: Math.round(stats.trackHz * 10) / 10,
        faces: stats.faces,
        target: stats.target,
      },
    });
  }

  private stopStats(): void {
    if (this.statsTimer) clearInterval(this.statsTimer);
    this.statsTimer = null;
  }

  close(): void {
    this.disable();
    this.disposers.forEach((d) => d());
    this.disposers.length = 0;
  }
}
