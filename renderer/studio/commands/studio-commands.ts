// The studio's commands and their keys. Buttons run the same commands, so a key and its button always
// agree on what happens and on why it cannot happen now.
import i18next from 'i18next';
import { useTryOnStore } from '../../ar/try-on-store';
import type { DanmakuControl } from '../../danmaku/DanmakuLayer';
import { STUDIO_LANGUAGES } from '../../../core/protocol/languages';
import { nextLanguage } from '../../shared/i18n';
import { useStudioStore } from '../../stores/studio-store';
import type { CaptionsSession } from '../captions/captions-session';
import type { LiveControls } from '../live/live-controls';
import type { StudioTryOn } from '../live/studio-try-on';
import type { PanelLayout } from '../panels/panel-layout';
import type { HostState } from '../services/host-state';
import type { WorkspaceLayoutStore } from '../workspace/workspace-layout';
import { disabled, ENABLED, type Command, type CommandRegistry } from './command-registry';
import type { Keybinding } from './keybindings';

export const COMMAND = {
  toggleLive: 'live.toggle',
  toggleMute: 'live.toggleMute',
  mark: 'live.mark',
  toggleTryOnOverlay: 'tryOn.toggleHidden',
  nextTryOnFace: 'tryOn.nextFace',
  toggleDanmaku: 'danmaku.toggle',
  toggleCaptions: 'captions.toggle',
  nextLanguage: 'app.nextLanguage',
  openReplays: 'app.openReplays',
  toggleLiveArrangement: 'workspace.toggleLive',
  nextArea: 'workspace.nextArea',
  previousArea: 'workspace.previousArea',
} as const;

/** The command that hides or shows a panel. */
export const panelCommand = (panelId: string) => `panel.toggle.${panelId}`;

/** Every studio shortcut. Behaviour as before they moved here: see keybindings.ts for how keys match. */
export const STUDIO_KEYBINDINGS: readonly Keybinding[] = [
  { command: COMMAND.toggleLive, match: { kind: 'mod', key: 'Enter' }, label: 'Ctrl+Enter' },
  { command: COMMAND.toggleMute, match: { kind: 'plain', key: 'm' }, label: 'M' },
  { command: COMMAND.mark, match: { kind: 'plain', key: 'k' }, label: 'K' },
  { command: COMMAND.toggleTryOnOverlay, match: { kind: 'plain', key: 't' }, label: 'T' },
  { command: COMMAND.nextTryOnFace, match: { kind: 'plain', key: 'n' }, label: 'N' },
  { command: COMMAND.toggleDanmaku, match: { kind: 'plain', key: 'd' }, label: 'D' },
  { command: COMMAND.toggleCaptions, match: { kind: 'alt', code: 'KeyC' }, label: 'Alt+C' },
  { command: COMMAND.nextLanguage, match: { kind: 'alt', code: 'KeyL' }, label: 'Alt+L' },
  { command: COMMAND.openReplays, match: { kind: 'alt', code: 'KeyR' }, label: 'Alt+R' },
  { command: COMMAND.toggleLiveArrangement, match: { kind: 'plain', key: 'f' }, label: 'F' },
  { command: COMMAND.nextArea, match: { kind: 'function', key: 'F6', shift: false }, label: 'F6' },
  { command: COMMAND.previousArea, match: { kind: 'function', key: 'F6', shift: true }, label: 'Shift+F6' },
];

export interface StudioCommandDeps {
  liveControls: LiveControls;
  captions: CaptionsSession;
  tryOn: StudioTryOn;
  /** The danmaku layer over the preview, while it is mounted. */
  danmaku: { current: DanmakuControl | null };
  host: HostState;
  panels: PanelLayout;
  /** The panels that can be hidden, with the i18n keys of their titles. */
  hideablePanels: readonly { id: string; title: string }[];
  /** The workspace's arrangement, and focus moving between its areas (the DOM's, while it is drawn). */
  workspace: WorkspaceLayoutStore;
  focusArea: (step: 1 | -1) => void;
}

const t = (key: string) => i18next.t(key);

export function studioCommands(deps: StudioCommandDeps): Command[] {
  const { liveControls, captions, tryOn, danmaku, host, panels } = deps;
  const commands: Command[] = [
    {
      id: COMMAND.toggleLive,
      title: 'studio:commands.toggleLive',
      enabled: () => liveControls.toggleLiveState(),
      run: () => liveControls.toggleLive(),
    },
    {
      id: COMMAND.toggleMute,
      title: 'studio:commands.toggleMute',
      run: () => liveControls.toggleMute(),
    },
    {
      id: COMMAND.mark,
      title: 'studio:commands.mark',
      enabled: () => liveControls.markState(),
      run: () => liveControls.markMoment(),
    },
    {
      id: COMMAND.toggleTryOnOverlay,
      title: 'studio:commands.toggleTryOnOverlay',
      enabled: () =>
        useTryOnStore.getState().tryOn.enabled ? ENABLED : disabled(t('studio:live.tryOn.hideNeedsOn')),
      run: () => tryOn.setHidden(!useTryOnStore.getState().tryOn.hidden),
    },
    {
      id: COMMAND.nextTryOnFace,
      title: 'studio:commands.nextTryOnFace',
      enabled: () => {
        const { enabled, stats } = useTryOnStore.getState().tryOn;
        if (!enabled) return disabled(t('studio:live.tryOn.nextFaceNeedsOn'));
        return (stats?.target.faces ?? 0) >= 2 ? ENABLED : disabled(t('studio:live.tryOn.nextFaceNeedsTwo'));
      },
      run: () => void tryOn.nextFace(),
    },
    {
      id: COMMAND.toggleDanmaku,
      title: 'studio:commands.toggleDanmaku',
      enabled: () => (danmaku.current ? ENABLED : disabled(t('studio:commands.noPreview'))),
      run: () => danmaku.current?.toggleHidden(),
    },
    {
      id: COMMAND.toggleCaptions,
      title: 'studio:commands.toggleCaptions',
      enabled: () => {
        const { info, captions: ui } = useStudioStore.getState();
        if (!info) return disabled(t('studio:captions.hostNotReady'));
        if (ui.capture === 'starting' || ui.capture === 'stopping')
          return disabled(t('studio:captions.busyReason'));
        return ENABLED;
      },
      run: () => captions.toggle({ targets: useStudioStore.getState().captions.targets }),
    },
    {
      id: COMMAND.nextLanguage,
      title: 'studio:commands.nextLanguage',
      run: () => host.chooseLanguage(nextLanguage(i18next.language, STUDIO_LANGUAGES)),
    },
    {
      id: COMMAND.openReplays,
      title: 'studio:commands.openReplays',
      enabled: () =>
        useStudioStore.getState().replayLink ? ENABLED : disabled(t('studio:app.replaysNoLink')),
      // A new tab in browser mode; Electron's window opens the backend's pages in the browser.
      run: () => void window.open(useStudioStore.getState().replayLink!, '_blank', 'noreferrer'),
    },
    {
      id: COMMAND.toggleLiveArrangement,
      title: 'studio:commands.toggleLiveArrangement',
      run: () => deps.workspace.toggleArrangement(),
    },
    { id: COMMAND.nextArea, title: 'studio:commands.nextArea', run: () => deps.focusArea(1) },
    { id: COMMAND.previousArea, title: 'studio:commands.previousArea', run: () => deps.focusArea(-1) },
  ];
  for (const panel of deps.hideablePanels) {
    commands.push({ id: panelCommand(panel.id), title: panel.title, run: () => panels.toggle(panel.id) });
  }
  return commands;
}

/** Registers the studio's commands; returns the disposer that removes them all. */
export function registerStudioCommands(registry: CommandRegistry, deps: StudioCommandDeps): () => void {
  const disposers = studioCommands(deps).map((command) => registry.register(command));
  return () => disposers.forEach((dispose) => dispose());
}
