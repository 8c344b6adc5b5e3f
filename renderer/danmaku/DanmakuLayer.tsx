// The danmaku layer around a video: a canvas laid over it (drawn by DanmakuEngine in its own animation loop;
// React only mounts it and passes settings), the "+N" of comments shed to keep it readable, and a small
// toolbar below. D hides or shows it (a page with its own keybindings, the studio, turns that off and
// runs D through `control`).
import {
  useEffect,
  useImperativeHandle,
  useRef,
  useState,
  type ReactNode,
  type Ref,
  type RefObject,
} from 'react';
import { useTranslation } from 'react-i18next';
import { DanmakuEngine, type DanmakuSettings } from './danmaku-engine';
import { DANMAKU_SIZES, DANMAKU_SPEEDS, localDanmakuPrefs, type DanmakuPrefsStore } from './danmaku-settings';
import { formatters } from '../shared/formatters';
import { exposeForTests } from './test-hook';

/** What a page can do to a mounted layer from outside (the studio's D command). */
export interface DanmakuControl {
  toggleHidden(): void;
}

interface DanmakuLayerProps {
  /** What feeds the layer: live comments (a DanmakuFeed) or a replayed log; returns the disposer. */
  feed: { connect(engine: DanmakuEngine): () => void };
  /** The video the comments fly over (somewhere inside `children`). */
  video: RefObject<HTMLVideoElement | null>;
  children: ReactNode;
  /** Whether the layer listens for D itself (true unless the page binds its keys in one place). */
  shortcut?: boolean;
  control?: Ref<DanmakuControl | null>;
  /** Where the settings are kept (default: this page's localStorage). */
  prefs?: DanmakuPrefsStore;
  /** Called when the viewer hides or shows the comments (not for the setting the layer opens with). */
  onHiddenChange?: (hidden: boolean) => void;
  /** The horizontal band of the video the comments fly in (default: all of it); read on every fit. */
  band?: (videoHeight: number) => { top: number; height: number };
}

const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLInputElement ||
  target instanceof HTMLTextAreaElement ||
  target instanceof HTMLSelectElement ||
  (target instanceof HTMLElement && target.isContentEditable);

export function DanmakuLayer({
  feed,
  video,
  children,
  shortcut = true,
  control,
  prefs = localDanmakuPrefs,
  onHiddenChange,
  band,
}: DanmakuLayerProps) {
  const { t, i18n } = useTranslation('common');
  const stageRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const shedRef = useRef<HTMLSpanElement>(null);
  const engineRef = useRef<DanmakuEngine | null>(null);
  const [settings, setSettings] = useState<DanmakuSettings>(() => prefs.load());
  const initial = useRef(settings);
  const lastHidden = useRef(settings.hidden);
  const bandRef = useRef(band);
  bandRef.current = band;

  useEffect(() => {
    const stage = stageRef.current!;
    const canvas = canvasRef.current!;
    const target = video.current;
    const engine = new DanmakuEngine(canvas, {
      settings: initial.current,
      onShedBadge: (count) => {
        const chip = shedRef.current;
        if (!chip) return;
        chip.hidden = count === 0;
        chip.textContent = `+${formatters(i18n.language).int(count)}`;
      },
    });
    engineRef.current = engine;
    const fit = () => {
      if (!target) return;
      const box = target.getBoundingClientRect();
      const origin = stage.getBoundingClientRect();
      canvas.style.left = `${Math.round(box.left - origin.left + target.clientLeft)}px`;
      const area = bandRef.current?.(target.clientHeight) ?? { top: 0, height: target.clientHeight };
      canvas.style.top = `${Math.round(box.top - origin.top + target.clientTop + area.top)}px`;
      engine.setStageSize(target.clientWidth, area.height);
    };
    fit();
    const observer = new ResizeObserver(fit);
    if (target) observer.observe(target);
    // A new devicePixelRatio (zoom, another screen) comes with a window resize.
    window.addEventListener('resize', fit);
    const disposers = [feed.connect(engine), exposeForTests(engine)];
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', fit);
      disposers.forEach((dispose) => dispose());
      engine.close();
      engineRef.current = null;
    };
  }, [feed, video, i18n]);

  useEffect(() => {
    engineRef.current?.update(settings);
    prefs.save(settings);
    if (settings.hidden !== lastHidden.current) {
      lastHidden.current = settings.hidden;
      // This render's callback: the effect runs after the render that changed the settings.
      onHiddenChange?.(settings.hidden);
    }
  }, [settings, prefs]);

  useImperativeHandle(
    control,
    () => ({ toggleHidden: () => setSettings((s) => ({ ...s, hidden: !s.hidden })) }),
    [],
  );

  useEffect(() => {
    if (!shortcut) return;
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target) || e.ctrlKey || e.metaKey || e.altKey || e.key.toLowerCase() !== 'd') return;
      setSettings((s) => ({ ...s, hidden: !s.hidden }));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [shortcut]);

  const change = (patch: Partial<DanmakuSettings>) => setSettings((s) => ({ ...s, ...patch }));

  return (
    <div className="danmaku-host">
      <div className="danmaku-stage" ref={stageRef}>
        {children}
        <canvas ref={canvasRef} className="danmaku-canvas" data-testid="danmaku-canvas" aria-hidden="true" />
        <span
          ref={shedRef}
          className="danmaku-shed"
          data-testid="danmaku-shed"
          title={t('danmaku.shedTitle')}
          hidden
        />
      </div>
      <div className="danmaku-toolbar" role="toolbar" aria-label={t('danmaku.toolbar')}>
        <button
          type="button"
          data-testid="danmaku-toggle"
          aria-pressed={!settings.hidden}
          title={t('danmaku.shortcut')}
          onClick={() => change({ hidden: !settings.hidden })}
        >
          {t('danmaku.toggle')}
        </button>
        <button
          type="button"
          data-testid="danmaku-pause"
          aria-pressed={settings.paused}
          disabled={settings.hidden}
          onClick={() => change({ paused: !settings.paused })}
        >
          {t('danmaku.pause')}
        </button>
        <label>
          <span>{t('danmaku.opacity')}</span>
          <input
            type="range"
            data-testid="danmaku-opacity"
            min={0.2}
            max={1}
            step={0.1}
            value={settings.opacity}
            onChange={(e) => change({ opacity: Number(e.target.value) })}
          />
        </label>
        <label>
          <span>{t('danmaku.speed')}</span>
          <select
            data-testid="danmaku-speed"
            value={settings.speed}
            onChange={(e) => change({ speed: Number(e.target.value) })}
          >
            {Object.entries(DANMAKU_SPEEDS).map(([name, speed]) => (
              <option key={name} value={speed}>
                {t(`danmaku.speeds.${name}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('danmaku.size')}</span>
          <select
            data-testid="danmaku-size"
            value={settings.fontSize}
            onChange={(e) => change({ fontSize: Number(e.target.value) })}
          >
            {Object.entries(DANMAKU_SIZES).map(([name, px]) => (
              <option key={name} value={px}>
                {t(`danmaku.sizes.${name}`)}
              </option>
            ))}
          </select>
        </label>
        <span className="muted">{t('danmaku.shortcut')}</span>
      </div>
    </div>
  );
}
