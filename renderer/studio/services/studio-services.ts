// The studio's services, created once by the studio's root (renderer/studio/main.tsx) and closed by one
// close(): the live session (camera, microphone, compositor, room client), live controls, captions, try-on,
// comment translation, the host's pushed state, the command registry with its one keyboard listener, and
// the panel layout and the workspace's arrangement. Panels get these from a React context and only render and dispatch: hiding a panel
// stops nothing and no key depends on it.
import i18next from 'i18next';
import type { StudioApi } from '../../../core/protocol/studio-client';
import { useTryOnStore } from '../../ar/try-on-store';
import { getStudio } from '../../bridge/studio-bridge';
import { DanmakuFeed } from '../../danmaku/danmaku-feed';
import type { DanmakuControl } from '../../danmaku/DanmakuLayer';
import { useStudioStore } from '../../stores/studio-store';
import { RoomClient } from '../../media/room-client';
import { attachCaptionFeed } from '../captions/caption-feed';
import { CaptionsSession } from '../captions/captions-session';
import { CommandRegistry } from '../commands/command-registry';
import { installKeybindings, type Keybinding } from '../commands/keybindings';
import { registerSceneCommands, SCENE_KEYBINDINGS } from '../commands/scene-commands';
import { registerStudioCommands, STUDIO_KEYBINDINGS } from '../commands/studio-commands';
import { StreamHealthReporter } from '../live/health-reporter';
import { captionLagNow } from '../live/health-report';
import { LiveControls } from '../live/live-controls';
import { LiveSession } from '../live/live-session';
import { StudioScenes } from '../live/studio-scenes';
import { StudioTryOn } from '../live/studio-try-on';
import { PanelLayout, type PanelLayoutPersistence } from '../panels/panel-layout';
import { hideablePanels, type PanelSpec } from '../panels/panel-registry';
import { RoomSession } from '../room-session';
import { saveStudioPrefs, studioPrefs } from '../studio-prefs';
import { COMPLIANCE_KEYBINDINGS, registerComplianceCommands } from '../commands/compliance-commands';
import { PITCH_KEYBINDINGS, registerPitchCommands } from '../commands/pitch-commands';
import { CommentTranslator } from '../room/comment-translations';
import { ComplianceDesk } from '../room/compliance-desk';
import { OpsNotes } from '../room/ops-notes';
import { attachRoomFeed } from '../room/room-feed';
import { MultistreamDesk } from '../multistream/multistream-desk';
import { COLLAPSIBLE_AREAS, focusWorkspaceArea } from '../workspace/workspace-areas';
import { WorkspaceLayoutStore, type WorkspaceLayoutPersistence } from '../workspace/workspace-layout';
import { Disposables } from './disposables';
import { DesktopState } from './desktop-state';
import { HostState } from './host-state';
import { translateComments } from './translate-comments';

export interface StudioServices {
  readonly studio: StudioApi;
  /** The host's room: its id, host key, title and connection; host actions through the outbox. */
  readonly room: RoomSession;
  readonly live: LiveSession;
  readonly liveControls: LiveControls;
  readonly captions: CaptionsSession;
  readonly tryOn: StudioTryOn;
  /** The compositor's scenes (camera, PiP, screen) and the stream's orientation. */
  readonly scenes: StudioScenes;
  /** Viewer comments translated into the host's language, cached for the life of the window. */
  readonly translation: CommentTranslator;
  readonly danmaku: {
    /** The room's live comments, for the layer over the preview. */
    readonly feed: DanmakuFeed;
    /** That layer, while it is mounted (the D command runs through it). */
    readonly control: { current: DanmakuControl | null };
  };
  readonly host: HostState;
  /** The desktop app's updates and the stream a crash left live; tells the host when the stream is live. */
  readonly desktop: DesktopState;
  /** Notes from operations staff, shown until dismissed. */
  readonly notes: OpsNotes;
  /** The compliance guard's warnings on the host's own words, and the stream's markets. */
  readonly compliance: ComplianceDesk;
  /** The multistream destinations (no keys) and their health; started and stopped with the stream. */
  readonly multistream: MultistreamDesk;
  /** Tells the backend how the live stream is doing every few seconds (ops see it, alerts read it). */
  readonly healthReporter: StreamHealthReporter;
  readonly commands: CommandRegistry;
  readonly keybindings: readonly Keybinding[];
  readonly panels: PanelLayout;
  readonly panelSpecs: readonly PanelSpec[];
  /** The workspace's arrangement, split sizes, collapsed areas and tabs. */
  readonly workspace: WorkspaceLayoutStore;
  /** Stops everything the services started, in reverse order; safe to call twice. */
  close(): void;
}

export interface StudioServicesOptions {
  /** The studio's panels (the workspace draws them; the layout and the panel commands need their ids). */
  panels: readonly PanelSpec[];
  /** window.studio (tests pass their own). */
  studio?: StudioApi;
  /** The room session (tests pass their own); by default one over window.studio and a real RoomClient. */
  room?: RoomSession;
  /** Where the keybindings listen: the window; null for none. */
  keyTarget?: Parameters<typeof installKeybindings>[0] | null;
  /** Where the hidden panels are kept across launches (the host's settings store, once it has one). */
  panelPersistence?: PanelLayoutPersistence;
  /** Where the workspace layout is kept (the host's settings); by default it lasts for the window. */
  workspacePersistence?: WorkspaceLayoutPersistence;
}

export function createStudioServices(options: StudioServicesOptions): StudioServices {
  const disposables = new Disposables();
  const studio = options.studio ?? getStudio();

  const notes = new OpsNotes();
  const compliance = new ComplianceDesk({
    chosen: () => studioPrefs().homeMarket,
    choose: (homeMarket) => saveStudioPrefs({ homeMarket }),
    spoken: () => useStudioStore.getState().captions.settings?.sourceLang ?? null,
  });
  const danmaku = { feed: new DanmakuFeed(), control: { current: null as DanmakuControl | null } };
  const translation = new CommentTranslator({ translate: (request) => studio.translate.comments(request) });
  disposables.add(() => translation.close());
  disposables.add(translateComments(translation));

  // Reads the room's id and host key when the stream goes live (the room session below owns them).
  const multistream: MultistreamDesk = new MultistreamDesk(() => studio, {
    get roomId(): string | null {
      return room.roomId;
    },
    get hostKey(): string | null {
      return room.hostKey;
    },
  });
  disposables.add(() => multistream.close());

  // The one owner of the room id, host key, title and live connection; every host action goes through it
  // to the outbox. Everything that acts in the room takes it.
  const room =
    options.room ??
    new RoomSession({
      studio: () => studio,
      connect: (clientOptions) => new RoomClient(clientOptions),
      attachFeeds: (client, roomId) => [
        attachRoomFeed(client, roomId, danmaku.feed),
        attachCaptionFeed(client, roomId),
        notes.attach(client, roomId),
        compliance.attach(client, roomId),
        multistream.attach(client, roomId),
      ],
    });
  disposables.add(() => room.close());
  const live = new LiveSession(room);
  disposables.add(() => live.close());
  const liveControls = new LiveControls(live, room);
  const captions = new CaptionsSession(live, room);
  disposables.add(() => captions.close());
  const tryOn = new StudioTryOn(live);
  disposables.add(() => tryOn.close());
  const scenes = new StudioScenes(live);
  disposables.add(() => scenes.close());
  const host = new HostState(studio, captions);
  disposables.add(() => host.close());
  const desktop = new DesktopState(studio);
  disposables.add(() => desktop.close());
  // Reports while the studio is live, from its first live moment to the end of the stream.
  const healthReporter = new StreamHealthReporter({
    client: () => room.client,
    roomId: () => room.roomId,
    captionLagMs: () => captionLagNow(useStudioStore.getState().captions),
  });
  const followLive = (phase: string) => (phase === 'live' ? healthReporter.start() : healthReporter.stop());
  followLive(useStudioStore.getState().live.phase);
  disposables.add(
    useStudioStore.subscribe((s, prev) => {
      if (s.live.phase !== prev.live.phase) followLive(s.live.phase);
    }),
  );
  disposables.add(() => healthReporter.close());
  disposables.add(multistream.followLive());
  multistream.load().catch(() => undefined); // the panel says why and offers to read them again

  const hideable = hideablePanels(options.panels);
  const panels = new PanelLayout(
    hideable.map((p) => p.id),
    options.panelPersistence,
  );
  const workspace = new WorkspaceLayoutStore(
    options.workspacePersistence ?? { load: () => null, save: () => undefined },
    { collapsible: COLLAPSIBLE_AREAS },
  );
  disposables.add(() => workspace.close());
  const commands = new CommandRegistry();
  disposables.add(
    registerStudioCommands(commands, {
      liveControls,
      captions,
      tryOn,
      danmaku: danmaku.control,
      host,
      panels,
      hideablePanels: hideable,
      workspace,
      focusArea: (step) => focusWorkspaceArea(document, step),
    }),
  );
  disposables.add(registerSceneCommands(commands, scenes, live));
  disposables.add(registerPitchCommands(commands, room));
  disposables.add(registerComplianceCommands(commands, compliance));
  const keybindings = [
    ...STUDIO_KEYBINDINGS,
    ...SCENE_KEYBINDINGS,
    ...PITCH_KEYBINDINGS,
    ...COMPLIANCE_KEYBINDINGS,
  ];
  // Whether a command can run, and its reason in words, follow the stores it reads and the language.
  const recheck = () => commands.changed();
  disposables.add(useStudioStore.subscribe(recheck));
  disposables.add(useTryOnStore.subscribe(recheck));
  i18next.on('languageChanged', recheck);
  disposables.add(() => i18next.off('languageChanged', recheck));

  host.start();
  desktop.start();
  if (options.keyTarget) disposables.add(installKeybindings(options.keyTarget, commands, keybindings));

  return {
    studio,
    room,
    live,
    liveControls,
    captions,
    tryOn,
    scenes,
    translation,
    danmaku,
    host,
    desktop,
    notes,
    compliance,
    multistream,
    healthReporter,
    commands,
    keybindings,
    panels,
    panelSpecs: options.panels,
    workspace,
    close: () => disposables.close(),
  };
}
