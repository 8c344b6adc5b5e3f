// The studio host's captions service (window.studio.captions/models/translate): caption settings and keys
// (kept by main/settings), the model store, the captions worker, and the room it captions (CaptionRoomLink:
// viewer demand, the catalog, publishing). A missing model never stops the rest: the status says which
// one, how large it is, and how to get it. It says when its status or the models' change (onChange), so the
// host can push them to the studio.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import {
  captionLanguageFor,
  type Caption,
  type CaptionLanguage,
  type CaptionSettings,
  type CaptionSettingsPatch,
  type CaptionsStart,
  type CaptionsStatus,
  type ModelStatus,
  type TranslateRequest,
  type Translation,
} from '../../core/protocol/captions';
import { StudioError } from '../../core/protocol/result';
import type { Logger } from '../log';
import { chooseTranslationChain, findModel, formatApproxSize, MODEL_CATALOG } from '../models/model-catalog';
import { ModelStore, type ModelStoreStatus } from '../models/model-store';
import type { CaptionKeys, CaptionKeysFile } from '../settings/caption-keys';
import type { CaptionPrefs } from '../settings/settings-file';
import type { SettingsStore } from '../settings/settings-store';
import type { BackendLink } from '../sync/backend-link';
import type { PipelineStats } from './caption-pipeline';
import { CaptionRoomLink } from './caption-room-link';
import { CaptionsWorkerClient } from './captions-worker-client';
import { recognizerConfig, translatorConfig } from './engine-configs';
import type { RecognizerConfig, TranslatorConfig } from './worker-protocol';

export interface CaptionsServiceOptions {
  userDataDir: string;
  /** Where the caption engine settings live (with every other studio preference). */
  settings: SettingsStore;
  /** The cloud engines' API keys (their own 0600 file). */
  keys: CaptionKeysFile;
  backend: BackendLink;
  log: Logger;
  /** Read-only models folder (LIVEBRIDGE_MODELS). */
  localModelsDir?: string;
  /** The model hub (tests point it at a local server). */
  hubUrl?: string;
}

/** What changed: the captions status (state, lines, lag, targets), or the models (state, progress). */
export type CaptionsChange = 'status' | 'models';

const percentile = (values: number[], p: number): number | null => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

export class CaptionsService {
  readonly models: ModelStore;
  private worker: CaptionsWorkerClient | null = null;
  /** The worker's purpose: live captions for a room, or only translating comments. */
  private workerMode: 'live' | 'translate' | null = null;
  private starting: Promise<void> | null = null;
  private state: CaptionsStatus['state'] = 'idle';
  private error: string | null = null;
  private room: { roomId: string; hostKey: string; targets: CaptionLanguage[] } | null = null;
  private demand: Record<string, number> = {};
  private lanes = new Map<string, { lang: string; text: string; final: boolean; lagMs: number | null }>();
  private stats: PipelineStats | null = null;
  private speaking = false;
  private readonly modelStatus = new Map<string, ModelStoreStatus>();
  private readonly link: CaptionRoomLink;
  private readonly disposers: (() => void)[] = [];
  private readonly listeners = new Set<(change: CaptionsChange) => void>();
  private closed = false;

  constructor(private readonly options: CaptionsServiceOptions) {
    mkdirSync(options.userDataDir, { recursive: true });
    this.models = new ModelStore({
      dir: path.join(options.userDataDir, 'models'),
      localDir: options.localModelsDir,
      baseUrl: options.hubUrl,
      logger: options.log,
      // int8 weights: a quarter of the download, and about twice as fast on a CPU as fp32.
      variant: 'quantized',
    });
    this.disposers.push(
      this.models.onStatus((s) => {
        this.modelStatus.set(s.id, s);
        this.changed('models');
      }),
      this.models.onProgress((p) => {
        const s = this.modelStatus.get(p.id);
        if (s) this.modelStatus.set(p.id, { ...s, downloadedBytes: p.downloadedBytes, bytes: p.bytes });
        this.changed('models');
      }),
    );
    this.link = new CaptionRoomLink(options.backend, options.log, {
      demand: (languages) => {
        this.demand = languages;
        this.worker?.setTargets(this.targets());
        // New targets: other translation models are needed.
        this.changed('status');
        this.changed('models');
      },
      catalog: (products) => this.worker?.setCatalog(products),
      refused: (message) => {
        this.error = `The backend refused captions: ${message}`;
        this.changed('status');
      },
    });
    this.disposers.push(() => this.link.close());
  }

  /** Called with what may have changed; returns a disposer. */
  onChange(listener: (change: CaptionsChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(change: CaptionsChange): void {
    if (this.closed) return;
    for (const listener of this.listeners) listener(change);
  }

  // ---- settings ----

  private get settings(): CaptionPrefs {
    return this.options.settings.captions();
  }

  private get keys(): CaptionKeys {
    return this.options.keys.get();
  }

  getSettings(): CaptionSettings {
    const keys = this.keys;
    return { ...this.settings, openaiKeySet: !!keys.openaiKey, deeplKeySet: !!keys.deeplKey };
  }

  /** Keys go to their own file first: a change of engine that needs a new key never lands without it. */
  setSettings(patch: CaptionSettingsPatch): CaptionSettings {
    const { openaiKey, deeplKey, ...rest } = patch;
    if (openaiKey !== undefined || deeplKey !== undefined) this.options.keys.update({ openaiKey, deeplKey });
    if (Object.keys(rest).length > 0) this.options.settings.updateCaptions(rest);
    // The spoken language and the engines decide the targets and which models are needed.
    this.changed('status');
    this.changed('models');
    return this.getSettings();
  }

  // ---- status ----

  private targets(): CaptionLanguage[] {
    const source = this.settings.sourceLang;
    const wanted = new Set<CaptionLanguage>(this.room?.targets ?? []);
    for (const [tag, count] of Object.entries(this.demand)) {
      const lang = captionLanguageFor(tag);
      if (lang && count > 0) wanted.add(lang);
    }
    wanted.delete(source);
    return [...wanted];
  }

  /** The model ids the current settings need for these targets. */
  private requiredModels(targets: CaptionLanguage[]): Set<string> {
    const ids = new Set<string>();
    if (this.settings.recognizer === 'local') ids.add('silero-vad').add(this.settings.asrModel);
    if (this.settings.translator === 'local') {
      for (const to of targets) {
        for (const m of chooseTranslationChain(this.settings.sourceLang, to) ?? []) ids.add(m.id);
      }
    }
    return ids;
  }

  async modelStatuses(): Promise<ModelStatus[]> {
    const required = this.requiredModels(this.targets());
    const shown = MODEL_CATALOG.filter((m) => m.kind !== 'mt' || required.has(m.id));
    const out: ModelStatus[] = [];
    for (const entry of shown) {
      let s = this.modelStatus.get(entry.id);
      if (!s || (s.state !== 'downloading' && s.state !== 'verifying')) {
        s = await this.models.status(entry.id);
        this.modelStatus.set(entry.id, s);
      }
      out.push({
        id: s.id,
        kind: s.kind,
        name: s.name,
        state: s.state,
        bytes: s.bytes,
        downloadedBytes: s.downloadedBytes,
        error: s.error,
        required: required.has(s.id),
      });
    }
    return out;
  }

  async getStatus(): Promise<CaptionsStatus> {
    // The models first: the rest is read after the last await, so a status is one moment's state and two
    // statuses read one after the other are in the order of the states they show.
    const models = await this.modelStatuses();
    const finalLags = this.stats?.finalLagMs ?? [];
    return {
      state: this.state,
      error: this.error,
      roomId: this.room?.roomId ?? null,
      sourceLang: this.settings.sourceLang,
      targets: this.targets(),
      lanes: [...this.lanes.values()],
      lagP50Ms: percentile(finalLags.slice(-60), 50),
      lagP95Ms: percentile(finalLags.slice(-60), 95),
      rtf: this.stats?.rtf ?? null,
      speaking: this.speaking,
      models,
    };
  }

  download(id: string): Promise<ModelStatus[]> {
    if (!findModel(id)) throw new StudioError('invalid_argument', `Unknown model ${id.slice(0, 64)}`);
    void this.models.ensure(id).catch((e: Error) => {
      this.options.log.warn({ model: id, err: e.message }, 'model download failed');
      this.changed('models');
    });
    return this.modelStatuses();
  }

  // ---- engines ----

  private recognizerConfig(): Promise<RecognizerConfig> {
    return recognizerConfig(this.settings, this.keys, this.models);
  }

  private translatorConfig(): Promise<TranslatorConfig> {
    return translatorConfig(this.settings, this.keys, this.models);
  }

  private newWorker(): CaptionsWorkerClient {
    const worker = new CaptionsWorkerClient({
      caption: (caption, lagMs) => this.onCaption(caption, lagMs),
      stats: (stats, speaking) => {
        this.stats = stats;
        this.speaking = speaking;
        this.changed('status');
      },
      error: (message, context) => {
        this.options.log.warn({ context, err: message }, 'captions worker error');
        if (context.startsWith('translate') || context.startsWith('load')) return;
        this.error = message;
        this.changed('status');
      },
      exit: (code) => {
        if (this.worker !== worker) return;
        this.worker = null;
        this.workerMode = null;
        if (this.state !== 'idle') {
          this.state = 'error';
          this.error = `The captions engine stopped unexpectedly (exit ${code})`;
          this.changed('status');
        }
      },
    });
    return worker;
  }

  async start(input: CaptionsStart): Promise<CaptionsStatus> {
    if (this.closed) throw new StudioError('unavailable', 'The studio host is shutting down');
    await this.starting;
    await this.stopWorker();
    this.room = { roomId: input.roomId, hostKey: input.hostKey, targets: [...input.targets] };
    this.link.setRoom({ roomId: input.roomId, hostKey: input.hostKey });
    this.lanes.clear();
    this.stats = null;
    this.state = 'starting';
    this.error = null;
    this.changed('status');
    this.changed('models');
    const run = (async () => {
      try {
        const recognizer = await this.recognizerConfig();
        const translator = await this.translatorConfig();
        const worker = this.newWorker();
        this.worker = worker;
        this.workerMode = 'live';
        await worker.start({
          sourceLang: this.settings.sourceLang,
          targets: this.targets(),
          recognizer,
          translator,
        });
        await this.link.join();
        this.state = 'listening';
        this.changed('status');
      } catch (error) {
        this.state = 'error';
        this.error = (error as Error).message;
        this.changed('status');
        await this.stopWorker();
        throw error;
      }
    })();
    this.starting = run.catch(() => undefined);
    try {
      await run;
    } catch (error) {
      if (error instanceof StudioError) throw error;
      throw new StudioError('unavailable', (error as Error).message);
    }
    return this.getStatus();
  }

  async stop(): Promise<CaptionsStatus> {
    await this.starting;
    await this.worker?.flush().catch(() => undefined);
    await this.stopWorker();
    this.room = null;
    this.link.setRoom(null);
    this.demand = {};
    this.state = 'idle';
    this.speaking = false;
    this.changed('status');
    this.changed('models');
    return this.getStatus();
  }

  private async stopWorker(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.workerMode = null;
    await worker?.close();
  }

  pushAudio(pcmBase64: string): boolean {
    if (this.state !== 'listening' || this.workerMode !== 'live' || !this.worker) return false;
    const bytes = Buffer.from(pcmBase64, 'base64');
    const samples = new Float32Array(bytes.length >> 1);
    for (let i = 0; i < samples.length; i++) samples[i] = bytes.readInt16LE(i * 2) / 32768;
    this.worker.push(samples);
    return true;
  }

  /** Ends the current utterance and waits for its captions (tests and the end of a stream). */
  async flush(): Promise<void> {
    await this.worker?.flush();
  }

  async translateComments(request: TranslateRequest): Promise<Translation[]> {
    if (!this.worker) {
      // Not live: a worker only for translating comments.
      const worker = this.newWorker();
      this.worker = worker;
      this.workerMode = 'translate';
      try {
        await worker.start({
          sourceLang: this.settings.sourceLang,
          targets: [],
          recognizer: { kind: 'none' },
          translator: await this.translatorConfig(),
        });
      } catch (error) {
        await this.stopWorker();
        throw new StudioError('unavailable', (error as Error).message);
      }
    }
    try {
      return await this.worker.translate(request.target, request.items);
    } catch (error) {
      throw new StudioError('unavailable', (error as Error).message);
    }
  }

  private onCaption(caption: Caption, lagMs: number | null): void {
    const lane = this.lanes.get(caption.lang);
    this.lanes.set(caption.lang, {
      lang: caption.lang,
      text: caption.text,
      final: caption.final,
      lagMs: lagMs ?? lane?.lagMs ?? null,
    });
    this.changed('status');
    // Every caption is AI-made: the engine that made it travels with it (replay exports name it).
    const recognizer = this.settings.recognizer === 'cloud' ? 'cloud-openai' : 'local';
    const engine = caption.source ? recognizer : this.settings.translator;
    this.link.send({ ...caption, engine });
  }

  /** The message for a model that is not installed, e.g. for a start that cannot run. */
  static missingMessage(id: string): string {
    const entry = findModel(id);
    return entry ? `${entry.name} is not installed (about ${formatApproxSize(entry.approxBytes.fp32)})` : id;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.listeners.clear();
    for (const d of this.disposers.splice(0)) d();
    await this.stopWorker();
    await this.models.close();
  }
}
