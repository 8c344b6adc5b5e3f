// The compositor's drawing loop: at the camera's own frame rate (requestVideoFrameCallback, else
// requestAnimationFrame), and on a worker timer while the page is hidden, so a live stream does not freeze
// when the studio is in the background. `paced` tells the callback that no camera frame paces the call.
const TICKER_SOURCE = `let t=null;onmessage=(e)=>{clearInterval(t);t=e.data>0?setInterval(()=>postMessage(0),e.data):null};`;

export type FrameCallback = (now: number, paced: boolean) => void;

export class FrameLoop {
  private epoch = 0;
  private ticker: Worker | null = null;
  private tickerUrl: string | null = null;
  private closed = false;
  private readonly onVisibility = () => this.start();

  constructor(
    private readonly video: HTMLVideoElement,
    private readonly frameRate: number,
    private readonly onFrame: FrameCallback,
  ) {
    document.addEventListener('visibilitychange', this.onVisibility);
  }

  /** (Re)starts the loop in the mode the page's visibility allows; an older loop's callbacks are ignored. */
  start(): void {
    if (this.closed) return;
    const epoch = ++this.epoch;
    if (document.hidden) {
      if (!this.ticker) {
        this.tickerUrl = URL.createObjectURL(new Blob([TICKER_SOURCE], { type: 'text/javascript' }));
        this.ticker = new Worker(this.tickerUrl);
      }
      this.ticker.onmessage = () => {
        if (epoch === this.epoch) this.onFrame(performance.now(), true);
      };
      this.ticker.postMessage(Math.round(1000 / this.frameRate));
      return;
    }
    this.ticker?.postMessage(0);
    const video = this.video;
    if ('requestVideoFrameCallback' in video) {
      const onVideoFrame = (now: number) => {
        if (epoch !== this.epoch) return;
        video.requestVideoFrameCallback(onVideoFrame);
        this.onFrame(now, false);
      };
      video.requestVideoFrameCallback(onVideoFrame);
    } else {
      const onAnimationFrame = (now: number) => {
        if (epoch !== this.epoch) return;
        requestAnimationFrame(onAnimationFrame);
        this.onFrame(now, true);
      };
      requestAnimationFrame(onAnimationFrame);
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.epoch++;
    document.removeEventListener('visibilitychange', this.onVisibility);
    this.ticker?.terminate();
    this.ticker = null;
    if (this.tickerUrl) URL.revokeObjectURL(this.tickerUrl);
  }
}
