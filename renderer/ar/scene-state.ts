// Which scene the compositor draws and how far the cross-fade from the previous one has gone. Pure: the
// compositor asks it at every frame with the frame's time; the fade draws the previous scene's last frame
// (a snapshot) over the new scene with a falling alpha, so a fade costs one extra drawImage per frame.
import { SCENE_IDS, type SceneId } from './scene-geometry';

export const CROSS_FADE_MS = 300;

export function isSceneId(value: unknown): value is SceneId {
  return typeof value === 'string' && (SCENE_IDS as readonly string[]).includes(value);
}

export class SceneState {
  private currentScene: SceneId;
  private fadeFrom: SceneId | null = null;
  private fadeStartedAt = 0;

  constructor(
    initial: SceneId = 'camera',
    private readonly fadeMs = CROSS_FADE_MS,
  ) {
    this.currentScene = initial;
  }

  get current(): SceneId {
    return this.currentScene;
  }

  /** The scene being faded out, while a fade runs (as of the last `progress` call). */
  get previous(): SceneId | null {
    return this.fadeFrom;
  }

  /** Switches to `scene` at `now`; false (and nothing changes) when it is already the current one. */
  switchTo(scene: SceneId, now: number): boolean {
    if (scene === this.currentScene) return false;
    this.fadeFrom = this.currentScene;
    this.currentScene = scene;
    this.fadeStartedAt = now;
    return true;
  }

  /**
   * How far the fade has gone at `now`, 0 (all old) to 1 (all new); null once it is over (or with none).
   * The alpha of the old scene's snapshot is 1 - progress.
   */
  progress(now: number): number | null {
    if (this.fadeFrom === null) return null;
    const p = this.fadeMs <= 0 ? 1 : (now - this.fadeStartedAt) / this.fadeMs;
    if (p >= 1) {
      this.fadeFrom = null;
      return null;
    }
    return Math.max(0, p);
  }
}
