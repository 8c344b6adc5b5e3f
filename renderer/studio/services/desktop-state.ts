// The studio's side of the desktop app: tells the host when the stream goes live and ends (the tray, the
// close guard, the held-back update restart and the crash-while-live marker follow it), keeps the update
// status the host pushes, and after a crash mid-stream puts that stream's title back, ready to resume.
import type { ProtocolError } from '../../../core/protocol/result';
import type { StudioApi } from '../../../core/protocol/studio-client';
import { subscribeStudioEvent } from '../../bridge/studio-events';
import { useStudioStore, type LiveState } from '../../stores/studio-store';
import { Disposables } from './disposables';

type LiveKey = { live: boolean; roomId: string | null; title: string | null };

const liveKey = (live: LiveState): LiveKey =>
  live.phase === 'live'
    ? { live: true, roomId: live.roomId, title: live.title.trim() || null }
    : { live: false, roomId: null, title: null };

const sameKey = (a: LiveKey, b: LiveKey) => a.live === b.live && a.roomId === b.roomId && a.title === b.title;

export class DesktopState {
  private readonly disposables = new Disposables();
  private reported: LiveKey = { live: false, roomId: null, title: null };

  constructor(private readonly studio: StudioApi) {}

  private get store() {
    return useStudioStore.getState();
  }

  start(): void {
    const invalid = (error: ProtocolError) => this.store.setHostError(error);
    this.disposables.add(
      subscribeStudioEvent(
        this.studio,
        'updates.status',
        (updates) => this.store.patchDesktop({ updates }),
        invalid,
      ),
    );
    void this.studio.updates.getStatus().then((r) => {
      if (!this.disposables.isClosed && r.ok) this.store.patchDesktop({ updates: r.value });
    });
    void this.studio.live.resumable().then((r) => {
      if (this.disposables.isClosed || !r.ok || !r.value) return;
      this.store.patchDesktop({ resumable: r.value });
      // The stream's settings ready to go live again: its title, unless the host has typed one already.
      if (r.value.title && !this.store.live.title && this.store.live.phase !== 'live') {
        this.store.patchLive({ title: r.value.title });
      }
    });
    this.disposables.add(useStudioStore.subscribe((s) => this.follow(s.live)));
  }

  /** The restart the host asked for; while live the host queues it until the stream ends. */
  async restartToUpdate(): Promise<void> {
    const r = await this.studio.updates.restart();
    if (!r.ok) this.store.setHostError(r.error);
  }

  /** The host does not want to resume the stream the crash ended. */
  dismissResume(): void {
    this.store.patchDesktop({ resumable: null });
    void this.studio.live.report({ live: false, roomId: null, title: null });
  }

  private follow(live: LiveState): void {
    const next = liveKey(live);
    if (sameKey(next, this.reported) || (next.live && !next.roomId)) return;
    this.reported = next;
    if (next.live) this.store.patchDesktop({ resumable: null });
    void this.studio.live.report(next).then((r) => {
      if (!r.ok) this.store.setHostError(r.error);
    });
  }

  close(): void {
    this.disposables.close();
  }
}
