// The studio host's state in the studio store, kept by the host's pushes: the app info and the language
// choice once, then the backend link, the outbox, captions and models as the host pushes them
// (window.studio's onStatus subscriptions), each after one initial ask. Nothing here polls.
import type { StudioLanguage } from '../../../core/protocol/languages';
import type { ProtocolError } from '../../../core/protocol/result';
import type { StudioApi } from '../../../core/protocol/studio-client';
import { subscribeStudioEvent } from '../../bridge/studio-events';
import { setLanguage } from '../../shared/i18n';
import { useStudioStore } from '../../stores/studio-store';
import type { CaptionsSession } from '../captions/captions-session';
import { Disposables } from './disposables';

export class HostState {
  private readonly disposables = new Disposables();
  /** The host chose a language in this window: the saved one arriving late must not undo it. */
  private chosenHere = false;

  constructor(
    private readonly studio: StudioApi,
    private readonly captions: CaptionsSession,
  ) {}

  private get store() {
    return useStudioStore.getState();
  }

  /** Subscribes to the host's events, then asks once for what they would have said so far. */
  start(): void {
    const { studio, captions } = this;
    const invalid = (error: ProtocolError) => this.store.setHostError(error);
    const on = this.disposables.add.bind(this.disposables);
    on(
      subscribeStudioEvent(
        studio,
        'backend.status',
        (status) => {
          this.store.setBackend(status);
          this.store.setHostError(null);
        },
        invalid,
      ),
    );
    on(subscribeStudioEvent(studio, 'outbox.status', (outbox) => this.store.patchRoom({ outbox }), invalid));
    on(subscribeStudioEvent(studio, 'captions.status', (status) => captions.applyStatus(status), invalid));
    on(subscribeStudioEvent(studio, 'models.status', (models) => captions.applyModels(models), invalid));

    void studio.app.getInfo().then((r) => {
      if (this.disposables.isClosed) return;
      if (r.ok) this.store.setInfo(r.value);
      else this.store.setHostError(r.error);
    });
    // The ops dashboard link, when this studio has an ops token for its backend (npm start's own backend).
    void studio.ops.dashboardLink().then((r) => {
      if (!this.disposables.isClosed && r.ok) this.store.setOpsLink(r.value.url);
    });
    // The replay page for this studio's streams, when it has a host token for its backend.
    void studio.replay.link().then((r) => {
      if (!this.disposables.isClosed && r.ok) this.store.setReplayLink(r.value.url);
    });
    // The host's settings are the source of truth, so every window and both modes agree. A choice the user
    // made while they were loading wins over what they say.
    void studio.settings.get().then((r) => {
      if (!this.disposables.isClosed && !this.chosenHere && r.ok && r.value.language)
        void setLanguage(r.value.language);
    });
    void studio.backend.getStatus().then((r) => {
      if (this.disposables.isClosed) return;
      if (r.ok) {
        this.store.setBackend(r.value);
        this.store.setHostError(null);
      } else this.store.setHostError(r.error);
    });
    void studio.outbox.getStatus().then((r) => {
      if (!this.disposables.isClosed && r.ok) this.store.patchRoom({ outbox: r.value });
    });
    captions.loadTargets();
    void captions.loadSettings();
    void captions.refreshStatus();
  }

  /** The host picked a language (the switcher or Alt+L): shown at once and kept by the host. */
  chooseLanguage(language: StudioLanguage): void {
    this.chosenHere = true;
    void setLanguage(language);
    void this.studio.settings.setLanguage(language).then((r) => {
      if (!r.ok) this.store.setHostError(r.error);
    });
  }

  close(): void {
    this.disposables.close();
  }
}
