// The host's scenes and the stream's orientation: opens what a scene needs (a second camera, the pinned
// product's picture, a shared screen or window), tells the live session's compositor which scene to draw
// (one output track: a switch never renegotiates), and keeps a small snapshot for the Scenes panel.
import i18next from 'i18next';
import type { Product } from '../../../core/protocol/room-events';
import type { StreamOrientation } from '../../../core/protocol/studio-settings';
import type { ScenePicture } from '../../ar/compositor';
import type { SceneId } from '../../ar/scene-geometry';
import { formatMoney, primaryPrice, productTitle } from '../../shared/format';
import { useStudioStore } from '../../stores/studio-store';
import { exposeScenesHook } from '../scenes/scenes-test-hook';
import { saveStudioPrefs, studioPrefs } from '../studio-prefs';
import type { LiveSession } from './live-session';

/** Why a scene could not be shown (the panel says it in words). */
export type SceneErrorCode =
  'noPreview' | 'noSecondCamera' | 'noPinnedProduct' | 'screenRefused' | 'screenUnsupported' | 'screenFailed';

export class SceneError extends Error {
  constructor(
    readonly code: SceneErrorCode,
    detail?: string,
  ) {
    super(detail ? `${code}: ${detail}` : code);
    this.name = 'SceneError';
  }
}

export interface ScenesSnapshot {
  scene: SceneId;
  /** The scene being opened (getUserMedia / getDisplayMedia in flight). */
  opening: SceneId | null;
  error: SceneErrorCode | null;
  /** The PiP camera is the same device as the main one (this machine has one camera). */
  sameCamera: boolean;
  orientation: StreamOrientation;
}

/** The product PiP's picture: the product's first image, or a card with its title and price. */
async function productPicture(product: Product): Promise<ScenePicture> {
  const url = product.images[0];
  if (url) {
    try {
      const img = new Image();
      img.crossOrigin = 'anonymous'; // a picture that would taint the canvas is not used
      img.src = url;
      await img.decode();
      return { image: img, width: img.naturalWidth, height: img.naturalHeight };
    } catch {
      // no picture to show: the card below
    }
  }
  const canvas = document.createElement('canvas');
  canvas.width = 480;
  canvas.height = 480;
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#7a1fa2';
  ctx.fillRect(0, 0, 480, 480);
  ctx.fillStyle = '#ffffff';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.font = 'bold 44px sans-serif';
  ctx.fillText(productTitle(product, i18next.language).slice(0, 18), 240, 200, 440);
  const [currency, minor] = primaryPrice(product);
  ctx.font = 'bold 64px sans-serif';
  ctx.fillText(formatMoney(minor, currency, i18next.language), 240, 300, 440);
  return { image: canvas, width: 480, height: 480 };
}

export class StudioScenes {
  private snap: ScenesSnapshot;
  private readonly listeners = new Set<() => void>();
  private camera2: MediaStreamTrack | null = null;
  private screen: MediaStreamTrack | null = null;
  private productId: string | null = null;
  /** Bumped on every switch, so a slow open cannot win over a later choice. */
  private generation = 0;
  private readonly disposers: (() => void)[] = [];

  constructor(private readonly session: LiveSession) {
    this.snap = {
      scene: 'camera',
      opening: null,
      error: null,
      sameCamera: false,
      orientation: studioPrefs().orientation,
    };
    this.disposers.push(
      // A compositor made later (the preview started after a choice) draws what was chosen.
      session.onCompositor((c) => {
        c.setOrientation(this.snap.orientation);
        c.setScene(this.snap.scene);
      }),
      // The product PiP shows whatever is pinned now.
      useStudioStore.subscribe((s, prev) => {
        if (s.room.products !== prev.room.products && this.snap.scene === 'product-pip')
          void this.followProduct();
      }),
      exposeScenesHook({
        scene: () => session.compositor?.scene ?? null,
        producerId: () => session.videoProducerId,
        size: () => {
          const c = session.compositor?.canvas;
          return c ? { width: c.width, height: c.height } : null;
        },
      }),
    );
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly snapshot = (): ScenesSnapshot => this.snap;

  private patch(p: Partial<ScenesSnapshot>): void {
    this.snap = { ...this.snap, ...p };
    for (const listener of [...this.listeners]) listener();
  }

  /** Orientation is chosen before going live: the producer's size is fixed for the stream. */
  orientationLocked(): boolean {
    const phase = useStudioStore.getState().live.phase;
    return phase === 'live' || phase === 'starting' || phase === 'ending';
  }

  setOrientation(orientation: StreamOrientation): void {
    if (this.orientationLocked() || orientation === this.snap.orientation) return;
    this.patch({ orientation });
    saveStudioPrefs({ orientation });
    this.session.compositor?.setOrientation(orientation);
  }

  /** Shows `scene`, opening its sources first; on failure the scene stays as it was and the panel says why. */
  async select(scene: SceneId): Promise<void> {
    const compositor = this.session.compositor;
    if (!compositor) {
      this.patch({ error: 'noPreview' });
      return;
    }
    const generation = ++this.generation;
    this.patch({ opening: scene, error: null });
    try {
      if (scene === 'camera-pip') await this.openSecondCamera();
      if (scene === 'product-pip') await this.followProduct(true);
      if (scene === 'screen') await this.openScreen();
    } catch (error) {
      if (generation !== this.generation) return;
      const code = error instanceof SceneError ? error.code : 'screenFailed';
      if (!(error instanceof SceneError)) console.warn('Scene', scene, error);
      this.patch({ opening: null, error: code });
      return;
    }
    if (generation !== this.generation) return;
    compositor.setScene(scene);
    this.patch({ scene, opening: null });
    // A source no scene shows any more is let go (the camera light, the browser's sharing bar).
    if (scene !== 'screen') this.closeScreen();
    if (scene !== 'camera-pip') this.closeSecondCamera();
  }

  private async openSecondCamera(): Promise<void> {
    if (this.camera2?.readyState === 'live') return;
    const current = useStudioStore.getState().live.cameraId;
    const devices = await navigator.mediaDevices.enumerateDevices().catch(() => []);
    const other = devices.find((d) => d.kind === 'videoinput' && d.deviceId && d.deviceId !== current);
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        video: {
          ...(other ? { deviceId: { exact: other.deviceId } } : {}),
          width: { ideal: 640 },
          height: { ideal: 360 },
        },
      });
    } catch (error) {
      throw new SceneError('noSecondCamera', error instanceof Error ? error.message : String(error));
    }
    this.camera2 = stream.getVideoTracks()[0]!;
    this.session.compositor?.setSceneSource('camera2', this.camera2);
    // With one camera on this machine the PiP shows it a second time: said beside the scene.
    const cameras = devices.filter((d) => d.kind === 'videoinput');
    this.patch({ sameCamera: !other || cameras.length < 2 });
  }

  private async followProduct(required = false): Promise<void> {
    const pinned = useStudioStore.getState().room.products.find((p) => p.pinned) ?? null;
    if (!pinned) {
      if (required) throw new SceneError('noPinnedProduct');
      this.productId = null;
      this.session.compositor?.setProductPicture(null);
      return;
    }
    const key = `${pinned.id}:${pinned.images[0] ?? ''}:${JSON.stringify(pinned.prices)}`;
    if (key === this.productId) return;
    this.productId = key;
    const picture = await productPicture(pinned);
    if (this.productId === key) this.session.compositor?.setProductPicture(picture);
  }

  private async openScreen(): Promise<void> {
    if (this.screen?.readyState === 'live') return;
    if (!navigator.mediaDevices?.getDisplayMedia) throw new SceneError('screenUnsupported');
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getDisplayMedia({
        video: { frameRate: { ideal: 30 } },
        audio: false,
      });
    } catch (error) {
      const name = error instanceof DOMException ? error.name : '';
      const detail = error instanceof Error ? error.message : String(error);
      throw new SceneError(name === 'NotAllowedError' ? 'screenRefused' : 'screenFailed', detail);
    }
    const track = stream.getVideoTracks()[0]!;
    this.screen = track;
    this.session.compositor?.setSceneSource('screen', track);
    // The host stopped sharing from the browser's bar: back to the camera.
    track.addEventListener('ended', () => {
      if (this.screen === track && this.snap.scene === 'screen') void this.select('camera');
    });
  }

  private closeScreen(): void {
    if (!this.screen) return;
    this.session.compositor?.setSceneSource('screen', null);
    this.screen.stop();
    this.screen = null;
  }

  private closeSecondCamera(): void {
    if (!this.camera2) return;
    this.session.compositor?.setSceneSource('camera2', null);
    this.camera2.stop();
    this.camera2 = null;
  }

  close(): void {
    this.generation++;
    this.closeScreen();
    this.closeSecondCamera();
    this.disposers.forEach((d) => d());
    this.disposers.length = 0;
    this.listeners.clear();
  }
}
