// The scene commands and their keys: 1 to 4 switch to the scenes in the Scenes panel's order (plain digits,
// ignored while the host types in a field, like every plain key). Buttons in the panel run the same commands.
import i18next from 'i18next';
import { SCENE_IDS, type SceneId } from '../../ar/scene-geometry';
import type { LiveSession } from '../live/live-session';
import type { StudioScenes } from '../live/studio-scenes';
import { disabled, ENABLED, type Command, type CommandRegistry } from './command-registry';
import type { Keybinding } from './keybindings';

export const sceneCommand = (scene: SceneId) => `scene.show.${scene}`;

/** Digit keys 1-9 in scene order (there are as many bindings as scenes, at most nine). */
export const SCENE_KEYBINDINGS: readonly Keybinding[] = SCENE_IDS.slice(0, 9).map((scene, i) => ({
  command: sceneCommand(scene),
  match: { kind: 'plain', key: String(i + 1) },
  label: String(i + 1),
}));

export function sceneCommands(scenes: StudioScenes, live: LiveSession): Command[] {
  return SCENE_IDS.map((scene) => ({
    id: sceneCommand(scene),
    title: `studio:scenes.names.${scene}`,
    enabled: () => (live.compositor ? ENABLED : disabled(i18next.t('studio:scenes.needsPreview'))),
    run: () => scenes.select(scene),
  }));
}

/** Registers the scene commands; returns the disposer that removes them. */
export function registerSceneCommands(
  registry: CommandRegistry,
  scenes: StudioScenes,
  live: LiveSession,
): () => void {
  const disposers = sceneCommands(scenes, live).map((c) => registry.register(c));
  return () => disposers.forEach((d) => d());
}
