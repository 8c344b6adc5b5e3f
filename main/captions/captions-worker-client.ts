// The host's side of the captions worker: starts the worker_thread, sends requests in a sequence-numbered
// envelope with a response timeout, and turns serialized errors back into EngineErrors.
import { Worker } from 'node:worker_threads';
import type { Caption, CaptionLanguage, Translation } from '../../core/protocol/captions';
import type { Product } from '../../core/protocol/room-events';
import type { PipelineStats } from './caption-pipeline';
import { EngineError } from './engines';
import type {
  HostToWorker,
  SerializedError,
  WorkerReplyValue,
  WorkerRequest,
  WorkerStartConfig,
  WorkerToHost,
} from './worker-protocol';

export interface WorkerClientEvents {
  caption(caption: Caption, lagMs: number | null): void;
  stats(stats: PipelineStats, speaking: boolean): void;
  error(message: string, context: string): void;
  exit(code: number): void;
}

/** Loading a model can take a while; a translation batch or a flush should not take longer than this. */
const TIMEOUTS: Record<WorkerRequest['type'], number> = {
  start: 180_000,
  translate: 60_000,
  flush: 120_000,
  stop: 15_000,
};

function workerEntry(): { file: URL; execArgv?: string[] } {
  // From source (tsx, vitest) the worker is the .ts file; in the Electron bundle it sits beside main.cjs.
  if (import.meta.url.endsWith('.ts')) {
    return { file: new URL('./captions-worker-dev.mjs', import.meta.url), execArgv: [] };
  }
  return { file: new URL('./captions-worker.cjs', import.meta.url) };
}

const toError = (e: SerializedError) =>
  new EngineError((e.code as EngineError['code'] | undefined) ?? 'unsupported', e.message);

export class CaptionsWorkerClient {
  private readonly worker: Worker;
  private seq = 0;
  private readonly pending = new Map<
    number,
    { resolve(v: WorkerReplyValue): void; reject(e: Error): void; timer: ReturnType<typeof setTimeout> }
  >();
  private exited = false;

  constructor(private readonly events: WorkerClientEvents) {
    const entry = workerEntry();
    this.worker = new Worker(entry.file, { execArgv: entry.execArgv });
    this.worker.on('message', (m: WorkerToHost) => this.onMessage(m));
    this.worker.on('error', (e) => this.events.error(e.message, 'worker'));
    this.worker.on('exit', (code) => {
      this.exited = true;
      for (const p of this.pending.values()) {
        clearTimeout(p.timer);
        p.reject(new EngineError('unsupported', `The captions worker stopped (exit ${code})`));
      }
      this.pending.clear();
      this.events.exit(code);
    });
  }

  private onMessage(m: WorkerToHost): void {
    if (m.type === 'caption') this.events.caption(m.caption, m.lagMs);
    else if (m.type === 'stats') this.events.stats(m.stats, m.speaking);
    else if (m.type === 'error') this.events.error(m.error.message, m.context);
    else {
      const p = this.pending.get(m.seq);
      if (!p) return;
      this.pending.delete(m.seq);
      clearTimeout(p.timer);
      if (m.ok) p.resolve(m.value);
      else p.reject(toError(m.error));
    }
  }

  private request(req: WorkerRequest): Promise<WorkerReplyValue> {
    if (this.exited) return Promise.reject(new EngineError('unsupported', 'The captions worker has stopped'));
    const seq = ++this.seq;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(seq);
        reject(new EngineError('unreachable', `The captions worker did not answer ${req.type} in time`));
      }, TIMEOUTS[req.type]);
      this.pending.set(seq, { resolve, reject, timer });
      this.worker.postMessage({ seq, ...req } satisfies HostToWorker);
    });
  }

  async start(config: WorkerStartConfig): Promise<void> {
    await this.request({ type: 'start', config });
  }

  async translate(
    target: CaptionLanguage,
    items: { id: string; text: string; lang: string | null }[],
  ): Promise<Translation[]> {
    const v = await this.request({ type: 'translate', target, items });
    return 'translations' in v ? v.translations : [];
  }

  /** Ends the current utterance and waits until every caption for the audio so far is out. */
  async flush(): Promise<void> {
    await this.request({ type: 'flush' });
  }

  push(pcm: Float32Array, wall = Date.now()): void {
    if (this.exited) return;
    this.worker.postMessage({ type: 'audio', pcm, wall } satisfies HostToWorker, [pcm.buffer as ArrayBuffer]);
  }

  setTargets(targets: CaptionLanguage[]): void {
    if (!this.exited) this.worker.postMessage({ type: 'targets', targets } satisfies HostToWorker);
  }

  setCatalog(products: Product[]): void {
    if (!this.exited) this.worker.postMessage({ type: 'catalog', products } satisfies HostToWorker);
  }

  async close(): Promise<void> {
    if (this.exited) return;
    try {
      await this.request({ type: 'stop' });
    } catch {
      // stopping anyway
    }
    await this.worker.terminate();
  }
}
