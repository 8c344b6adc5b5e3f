// VideoUpload's choices, with stand-ins for the browser's VideoFrame, ImageData and canvas (Node has none):
// which way a frame goes into the canvas, and that every way a copy can fail ends on drawImage(video) with the
// frame closed. The pixels themselves are checked in a real browser (tests/e2e/scenes.spec.ts, the ar bench).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

type CopyBehaviour = 'rgba' | 'ignores-format' | 'rejects' | 'hangs';

interface FakeVideo {
  videoWidth: number;
  videoHeight: number;
  hasFrame: boolean;
  copy: CopyBehaviour;
}

let framesOpen = 0;

class FakeVideoFrame {
  readonly visibleRect: { width: number; height: number };
  readonly codedWidth: number;
  readonly codedHeight: number;
  private readonly copy: CopyBehaviour;
  constructor(video: FakeVideo) {
    if (!video.hasFrame) throw new DOMException('no frame', 'InvalidStateError');
    this.visibleRect = { width: video.videoWidth, height: video.videoHeight };
    this.codedWidth = video.videoWidth;
    this.codedHeight = video.videoHeight;
    this.copy = video.copy;
    framesOpen++;
  }
  copyTo(
    buffer: Uint8ClampedArray,
    options: { format?: string },
  ): Promise<{ offset: number; stride: number }[]> {
    const w = this.visibleRect.width;
    const h = this.visibleRect.height;
    if (this.copy === 'rejects') return Promise.reject(new TypeError('format not supported'));
    if (this.copy === 'hangs') return new Promise(() => undefined);
    if (this.copy === 'ignores-format' || options.format !== 'RGBA')
      return Promise.resolve([
        { offset: 0, stride: w },
        { offset: w * h, stride: w / 2 },
        { offset: (w * h * 5) / 4, stride: w / 2 },
      ]);
    buffer.fill(200);
    return Promise.resolve([{ offset: 0, stride: w * 4 }]);
  }
  close(): void {
    framesOpen--;
  }
}

class FakeImageData {
  readonly data: Uint8ClampedArray;
  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.data = new Uint8ClampedArray(width * height * 4);
  }
}

type Call = [string, ...unknown[]];

function fakeContext(canvas: object, calls: Call[]) {
  return {
    canvas,
    globalAlpha: 1,
    getTransform: () => ({ isIdentity: true }),
    putImageData: (...args: unknown[]) => calls.push(['putImageData', ...args]),
    drawImage: (...args: unknown[]) => calls.push(['drawImage', ...args]),
  };
}

const stageCalls: Call[] = [];

beforeEach(() => {
  vi.resetModules();
  framesOpen = 0;
  stageCalls.length = 0;
  vi.stubGlobal('VideoFrame', FakeVideoFrame);
  vi.stubGlobal('ImageData', FakeImageData);
  vi.stubGlobal('document', {
    createElement: () => {
      const canvas = { width: 0, height: 0, stage: true, getContext: () => ctx };
      const ctx = fakeContext(canvas, stageCalls);
      return canvas;
    },
  });
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

async function setup(video: Partial<FakeVideo> = {}) {
  const { VideoUpload } = await import('./video-upload');
  const v: FakeVideo = { videoWidth: 1280, videoHeight: 720, hasFrame: true, copy: 'rgba', ...video };
  const calls: Call[] = [];
  const ctx = fakeContext({ width: 1280, height: 720 }, calls);
  const upload = new VideoUpload(v as unknown as HTMLVideoElement);
  return { upload, v, calls, ctx: ctx as unknown as CanvasRenderingContext2D & { globalAlpha: number } };
}

const FULL = { x: 0, y: 0, w: 1280, h: 720 };

describe('VideoUpload', () => {
  it('without a GPU copies the frame out and puts it 1:1 (no drawImage of the video)', async () => {
    const { upload, calls, ctx } = await setup();
    expect(upload.path).toBe('copy');
    await upload.read();
    upload.draw(ctx, FULL, FULL);
    expect(calls).toHaveLength(1);
    expect(calls[0]![0]).toBe('putImageData');
    expect((calls[0]![1] as FakeImageData).data[0]).toBe(200);
    expect(framesOpen).toBe(0);
  });

  it('crops and scales through its staging canvas, put there once per frame', async () => {
    const { upload, calls, ctx } = await setup();
    await upload.read();
    // Portrait: the middle of the camera's frame, scaled up into 720x1280.
    upload.draw(ctx, { x: 437, y: 0, w: 405, h: 720 }, { x: 0, y: 0, w: 720, h: 1280 });
    // The timestamp strip from the same frame.
    upload.draw(ctx, { x: 0, y: 0, w: 1280, h: 40 }, { x: 0, y: 0, w: 720, h: 70 });
    expect(stageCalls.map((c) => c[0])).toEqual(['putImageData']);
    expect(calls.map((c) => c[0])).toEqual(['drawImage', 'drawImage']);
    expect((calls[0]![1] as { stage?: boolean }).stage).toBe(true);
    expect(calls[0]!.slice(2)).toEqual([437, 0, 405, 720, 0, 0, 720, 1280]);
    // The next frame is put again.
    await upload.read();
    upload.draw(ctx, { x: 437, y: 0, w: 405, h: 720 }, { x: 0, y: 0, w: 720, h: 1280 });
    expect(stageCalls).toHaveLength(2);
  });

  it('never puts where alpha would be ignored: a faded 1:1 frame is drawn from the stage', async () => {
    const { upload, calls, ctx } = await setup();
    await upload.read();
    ctx.globalAlpha = 0.5;
    upload.draw(ctx, FULL, FULL);
    expect(calls.map((c) => c[0])).toEqual(['drawImage']);
  });

  it.each([
    ['ignores the format option (YUV planes come back)', 'ignores-format'],
    ['rejects the copy', 'rejects'],
  ] as const)('a browser that %s draws the <video> from then on', async (_, copy) => {
    const { upload, v, calls, ctx } = await setup({ copy });
    await upload.read();
    expect(upload.path).toBe('draw');
    upload.draw(ctx, FULL, FULL);
    expect(calls).toEqual([['drawImage', v, 0, 0, 1280, 720, 0, 0, 1280, 720]]);
    expect(framesOpen).toBe(0);
    // Later frames are not copied at all.
    v.copy = 'rgba';
    await upload.read();
    expect(upload.path).toBe('draw');
  });

  it('a copy that never finishes is given up, so the compositor is not held up', async () => {
    vi.useFakeTimers();
    const { upload, v, calls, ctx } = await setup({ copy: 'hangs' });
    const read = upload.read();
    await vi.advanceTimersByTimeAsync(300);
    await read;
    expect(upload.path).toBe('draw');
    upload.draw(ctx, FULL, FULL);
    expect(calls[0]![1]).toBe(v);
    expect(framesOpen).toBe(0);
  });

  it('a video with no frame yet is drawn as it is this time and copied next time', async () => {
    const { upload, v, calls, ctx } = await setup({ hasFrame: false });
    await upload.read();
    upload.draw(ctx, FULL, FULL);
    expect(calls[0]![1]).toBe(v);
    expect(upload.path).toBe('copy');
    v.hasFrame = true;
    await upload.read();
    upload.draw(ctx, FULL, FULL);
    expect(calls[1]![0]).toBe('putImageData');
  });
});
