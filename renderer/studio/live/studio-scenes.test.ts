import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useStudioStore } from '../../stores/studio-store';
import type { LiveSession } from './live-session';
import { StudioScenes } from './studio-scenes';

const saved = vi.hoisted(() => [] as unknown[]);
vi.mock('../studio-prefs', () => ({
  studioPrefs: () => ({ orientation: 'landscape' }),
  saveStudioPrefs: (patch: unknown) => saved.push(patch),
}));

function fakeCompositor() {
  return {
    scene: 'camera',
    setScene: vi.fn(),
    setSceneSource: vi.fn(),
    setProductPicture: vi.fn(),
    setOrientation: vi.fn(),
  };
}

function fakeTrack() {
  const listeners: Record<string, () => void> = {};
  return {
    readyState: 'live',
    stop: vi.fn(),
    addEventListener: (type: string, fn: () => void) => (listeners[type] = fn),
    fire: (type: string) => listeners[type]?.(),
  };
}

function scenesWith(compositor: ReturnType<typeof fakeCompositor> | null) {
  const session = { compositor, onCompositor: () => () => undefined, videoProducerId: null };
  return new StudioScenes(session as unknown as LiveSession);
}

describe('StudioScenes', () => {
  beforeEach(() => {
    saved.length = 0;
    useStudioStore.getState().patchLive({ phase: 'preview' });
  });
  afterEach(() => vi.unstubAllGlobals());

  it('says why when the host refuses the screen share, and keeps the scene', async () => {
    const getDisplayMedia = vi.fn(() =>
      Promise.reject(new DOMException('Permission denied', 'NotAllowedError')),
    );
    vi.stubGlobal('navigator', { mediaDevices: { getDisplayMedia } });
    const compositor = fakeCompositor();
    const scenes = scenesWith(compositor);
    await scenes.select('screen');
    expect(scenes.snapshot()).toMatchObject({ scene: 'camera', error: 'screenRefused', opening: null });
    expect(compositor.setScene).not.toHaveBeenCalled();
    scenes.close();
  });

  it('shows a shared screen on the same compositor and goes back to the camera when sharing stops', async () => {
    const track = fakeTrack();
    vi.stubGlobal('navigator', {
      mediaDevices: { getDisplayMedia: () => Promise.resolve({ getVideoTracks: () => [track] }) },
    });
    const compositor = fakeCompositor();
    const scenes = scenesWith(compositor);
    await scenes.select('screen');
    expect(scenes.snapshot()).toMatchObject({ scene: 'screen', error: null });
    expect(compositor.setSceneSource).toHaveBeenCalledWith('screen', track);
    expect(compositor.setScene).toHaveBeenLastCalledWith('screen');
    track.fire('ended');
    await vi.waitFor(() => expect(scenes.snapshot().scene).toBe('camera'));
    expect(compositor.setSceneSource).toHaveBeenLastCalledWith('screen', null);
    scenes.close();
  });

  it('needs a pinned product for the product PiP and a preview for any scene', async () => {
    const scenes = scenesWith(fakeCompositor());
    await scenes.select('product-pip');
    expect(scenes.snapshot()).toMatchObject({ scene: 'camera', error: 'noPinnedProduct' });
    scenes.close();
    const noPreview = scenesWith(null);
    await noPreview.select('camera-pip');
    expect(noPreview.snapshot().error).toBe('noPreview');
    noPreview.close();
  });

  it('opens the one camera a second time for the camera PiP and says so', async () => {
    const track = fakeTrack();
    vi.stubGlobal('navigator', {
      mediaDevices: {
        enumerateDevices: () => Promise.resolve([{ kind: 'videoinput', deviceId: 'cam1' }]),
        getUserMedia: () => Promise.resolve({ getVideoTracks: () => [track] }),
      },
    });
    useStudioStore.getState().patchLive({ cameraId: 'cam1' });
    const compositor = fakeCompositor();
    const scenes = scenesWith(compositor);
    await scenes.select('camera-pip');
    expect(scenes.snapshot()).toMatchObject({ scene: 'camera-pip', sameCamera: true, error: null });
    // Back to the camera: the second camera is let go.
    await scenes.select('camera');
    expect(track.stop).toHaveBeenCalled();
    scenes.close();
  });

  it('changes the orientation only before going live', () => {
    const compositor = fakeCompositor();
    const scenes = scenesWith(compositor);
    scenes.setOrientation('portrait');
    expect(scenes.snapshot().orientation).toBe('portrait');
    expect(compositor.setOrientation).toHaveBeenCalledWith('portrait');
    expect(saved).toEqual([{ orientation: 'portrait' }]);
    useStudioStore.getState().patchLive({ phase: 'live' });
    expect(scenes.orientationLocked()).toBe(true);
    scenes.setOrientation('landscape');
    expect(scenes.snapshot().orientation).toBe('portrait');
    expect(saved).toHaveLength(1);
    scenes.close();
  });
});
