// ReplayService: the replay page's services root. It owns the BackendClient, the open stream's player and
// comment cache, and turns requests and `replay:state` pushes into store changes. Every subscription's
// disposer is kept; close() is safe twice.
import type { ReplayHighlight } from '../../core/protocol/replay';
import type { BackendClient } from '../shared/backend-client';
import { problemOf } from '../shared/problem';
import { CommentCache } from './comment-cache';
import { RecordingTimeline } from './recording-timeline';
import { defaultCaptionLang } from './replay-model';
import { ReplayPlayer } from './replay-player';
import { clipKey, initialStreamState, useReplayStore, type ReplayStore } from './replay-store';

/** Streams per list page. */
export const LIST_PAGE = 30;

export class ReplayService {
  readonly player: ReplayPlayer;
  readonly comments: CommentCache;
  timeline: RecordingTimeline | null = null;
  private readonly disposers: (() => void)[] = [];
  private searchSeq = 0;
  private closed = false;

  constructor(
    readonly client: BackendClient,
    private readonly uiLanguage: () => string,
    private readonly store: ReplayStore = useReplayStore,
  ) {
    this.player = new ReplayPlayer(store);
    this.comments = new CommentCache((fromMs, toMs, limit) => {
      const roomId = this.store.getState().roomId;
      if (!roomId) return Promise.resolve([]);
      return this.client.request('replay:comments', { roomId, fromMs, toMs, limit });
    });
  }

  start(): void {
    const s = () => this.store.getState();
    this.disposers.push(
      this.client.onStatus((connection) => s().set({ connection })),
      this.client.onReconnected(() => {
        void this.loadList();
        const roomId = s().roomId;
        // The backend forgot this connection's watch: ask again (this also picks up a state change missed).
        if (roomId) void this.loadDetail(roomId, false);
      }),
      this.client.on('replay:state', ({ roomId, state, readyAt }) => {
        if (roomId !== s().roomId) return;
        s().set({ replayState: state });
        // Ready now: what it holds is complete, so read it again (the player keeps its place).
        if (state === 'ready' || state === 'partial') void this.loadDetail(roomId, false);
        const detail = s().detail;
        if (detail.status === 'ready')
          s().set({ detail: { status: 'ready', value: { ...detail.value, readyAt } } });
      }),
      this.comments.onChange(() =>
        s().set({
          commentsVersion: s().commentsVersion + 1,
          commentsError: this.comments.lastError ? problemOf(this.comments.lastError) : null,
        }),
      ),
      () => this.player.close(),
    );
    s().set({ connection: this.client.connection });
    void this.loadList();
  }

  async loadList(more = false): Promise<void> {
    const s = () => this.store.getState();
    const current = s().list;
    const items = more && current.status === 'ready' ? current.value : [];
    const before = more ? items.at(-1)?.liveStartedAt : undefined;
    if (more) s().set({ loadingMore: true });
    else if (current.status !== 'ready') s().set({ list: { status: 'loading' } });
    try {
      const page = await this.client.request('replay:list', {
        limit: LIST_PAGE,
        ...(before !== undefined ? { before } : {}),
      });
      const seen = new Set(items.map((i) => i.roomId));
      const merged = [...items, ...page.filter((i) => !seen.has(i.roomId))].sort(
        (a, b) => b.liveStartedAt - a.liveStartedAt,
      );
      s().set({ list: { status: 'ready', value: merged }, hasMore: page.length === LIST_PAGE });
    } catch (error) {
      if (!more) s().set({ list: { status: 'error', error: problemOf(error) } });
    } finally {
      s().set({ loadingMore: false });
    }
  }

  /** Opens one stream (null: back to the list). */
  open(roomId: string | null): void {
    const s = this.store.getState();
    if (s.roomId === roomId) return;
    const previous = s.roomId;
    if (previous && this.client.connection === 'online')
      void this.client.request('replay:unwatch', { roomId: previous }).catch(() => undefined);
    this.comments.clear();
    this.player.pause();
    this.timeline = null;
    s.set({ roomId, ...initialStreamState });
    if (roomId) void this.loadDetail(roomId, true);
  }

  /** `fresh`: a stream just opened (the player starts at its beginning); else the same stream read again. */
  private async loadDetail(roomId: string, fresh: boolean): Promise<void> {
    const s = () => this.store.getState();
    if (fresh) s().set({ detail: { status: 'loading' } });
    try {
      const detail = await this.client.request('replay:get', { roomId });
      if (s().roomId !== roomId) return;
      const recording = detail.recording;
      const timeline = new RecordingTimeline(recording.segments, recording.gaps, detail.item.durationMs);
      const changed =
        !this.timeline ||
        JSON.stringify(timeline.segments.map((x) => [x.seq, x.startMs, x.endMs])) !==
          JSON.stringify(this.timeline.segments.map((x) => [x.seq, x.startMs, x.endMs]));
      this.timeline = timeline;
      s().set({ detail: { status: 'ready', value: detail }, replayState: detail.item.state });
      if (fresh || changed) {
        const at = fresh ? null : this.player.currentMs();
        this.player.load(timeline, detail.item.durationMs);
        if (at !== null) void this.player.seek(at);
      }
      if (fresh || !s().lang) {
        const lang = defaultCaptionLang(detail, this.uiLanguage());
        if (lang) void this.setLang(lang);
      }
      void this.comments.ensure(this.player.currentMs(), detail.item.durationMs);
    } catch (error) {
      if (s().roomId === roomId && (fresh || s().detail.status !== 'ready'))
        s().set({ detail: { status: 'error', error: problemOf(error) } });
    }
  }

  async setLang(lang: string): Promise<void> {
    const s = () => this.store.getState();
    const roomId = s().roomId;
    if (!roomId) return;
    s().set({ lang, transcript: { status: 'loading' } });
    try {
      const lines = await this.client.request('replay:transcript', { roomId, lang });
      if (s().roomId === roomId && s().lang === lang)
        s().set({ transcript: { status: 'ready', value: [...lines].sort((a, b) => a.startMs - b.startMs) } });
    } catch (error) {
      if (s().roomId === roomId && s().lang === lang)
        s().set({ transcript: { status: 'error', error: problemOf(error) } });
    }
  }

  /** Keeps the comments around the playhead loaded (called as the playhead moves). */
  followPlayhead(ms: number): void {
    const detail = this.store.getState().detail;
    if (detail.status === 'ready') void this.comments.ensure(ms, detail.value.item.durationMs);
  }

  async search(q: string): Promise<void> {
    const s = () => this.store.getState();
    const roomId = s().roomId;
    const query = q.trim();
    const seq = ++this.searchSeq;
    if (!roomId || !query) {
      s().set({ search: { q, result: { status: 'idle' } } });
      return;
    }
    s().set({ search: { q, result: { status: 'loading' } } });
    try {
      const value = await this.client.request('replay:search', { roomId, q: query });
      if (seq === this.searchSeq) s().set({ search: { q, result: { status: 'ready', value } } });
    } catch (error) {
      if (seq === this.searchSeq)
        s().set({ search: { q, result: { status: 'error', error: problemOf(error) } } });
    }
  }

  async clip(h: Pick<ReplayHighlight, 'fromMs' | 'toMs'>): Promise<void> {
    const s = () => this.store.getState();
    const roomId = s().roomId;
    if (!roomId) return;
    const key = clipKey(h);
    const put = (state: ReturnType<typeof s>['clips'][string]) =>
      s().set({ clips: { ...s().clips, [key]: state } });
    put({ status: 'busy' });
    try {
      const clip = await this.client.request('replay:clip', { roomId, fromMs: h.fromMs, toMs: h.toMs });
      if (s().roomId === roomId) put({ status: 'done', clip });
    } catch (error) {
      if (s().roomId === roomId) put({ status: 'error', error: problemOf(error) });
    }
  }

  async loadExports(): Promise<void> {
    const s = () => this.store.getState();
    const roomId = s().roomId;
    if (!roomId) return;
    const current = s().exports;
    // Links carry a ticket: asked again once it is close to expiring.
    if (current.status === 'loading') return;
    if (current.status === 'ready' && current.value.expiresAt - Date.now() > 60_000) return;
    s().set({ exports: { status: 'loading' } });
    try {
      const value = await this.client.request('replay:exports', { roomId });
      if (s().roomId === roomId) s().set({ exports: { status: 'ready', value } });
    } catch (error) {
      if (s().roomId === roomId) s().set({ exports: { status: 'error', error: problemOf(error) } });
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.disposers.splice(0).forEach((d) => d());
    this.client.close();
  }
}
