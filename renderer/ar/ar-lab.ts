// The bench's lab on `window.__ar` (only with ?arDebug): opens this page's camera at a given size into a
// compositor wearing a product, and measures what its output track delivers to a playing <video> (the frame
// rate a consumer such as the go-live encoder sees: the track's delivered frames where the browser counts
// them, else the frames a playing <video> showed), with the tracking times and the drawn anchor points.
import { LocalTryOn } from './local-try-on';
import { exposeLab } from './test-hook';

let lab: { session: LocalTryOn; video: HTMLVideoElement } | null = null;

function closeLab(): void {
  if (!lab) return;
  lab.video.pause();
  lab.video.srcObject = null;
  lab.video.remove();
  lab.session.close();
  lab = null;
}

exposeLab({
  async open({ assetId, width, height }) {
    closeLab();
    const session = await LocalTryOn.start(assetId, { width, height, debug: true });
    const video = document.createElement('video');
    video.muted = true;
    video.playsInline = true;
    video.width = 320;
    video.srcObject = session.stream;
    document.body.append(video);
    await video.play();
    lab = { session, video };
    return session.compositor.stats();
  },
  async measure(ms) {
    if (!lab) throw new Error('open() first');
    const { session, video } = lab;
    session.compositor.clearHistory();
    const track = session.compositor.track as MediaStreamTrack & { stats?: { deliveredFrames: number } };
    const first = video.getVideoPlaybackQuality().totalVideoFrames;
    const firstDelivered = track.stats?.deliveredFrames ?? null;
    const start = performance.now();
    await new Promise((resolve) => setTimeout(resolve, ms));
    const frames = video.getVideoPlaybackQuality().totalVideoFrames - first;
    const delivered = firstDelivered === null ? null : track.stats!.deliveredFrames - firstDelivered;
    const elapsed = performance.now() - start;
    return {
      outputFps: ((delivered ?? frames) * 1000) / elapsed,
      presentedFps: (frames * 1000) / elapsed,
      stats: session.compositor.stats(),
      trackMs: session.compositor.trackSamples(),
      ...session.compositor.history(),
    };
  },
  async measureFade(ms, everyMs) {
    if (!lab) throw new Error('open() first');
    const { session, video } = lab;
    const compositor = session.compositor;
    // A product card as the PiP picture (what the studio draws for a product without a photo).
    const card = document.createElement('canvas');
    card.width = card.height = 480;
    const ctx = card.getContext('2d')!;
    ctx.fillStyle = '#7a1fa2';
    ctx.fillRect(0, 0, 480, 480);
    compositor.setProductPicture({ image: card, width: 480, height: 480 });
    compositor.clearHistory();
    const first = video.getVideoPlaybackQuality().totalVideoFrames;
    const start = performance.now();
    let switches = 0;
    while (performance.now() - start < ms) {
      compositor.setScene(compositor.scene === 'camera' ? 'product-pip' : 'camera');
      switches++;
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
    const elapsed = performance.now() - start;
    const frames = video.getVideoPlaybackQuality().totalVideoFrames - first;
    compositor.setScene('camera');
    return {
      fadeDrawMs: compositor.fadeSamples(),
      switches,
      outputFps: (frames * 1000) / elapsed,
      stats: compositor.stats(),
    };
  },
  closeLab,
});
