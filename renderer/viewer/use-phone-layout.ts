// Applies phone-layout.ts and stream-fit.ts to the viewer page: the layout goes on <html> as
// data-viewer-layout (the CSS places the parts from it), the keyboard's cover and the bottom dock's height
// as CSS variables (captions sit above the dock, the dock above the keyboard), and the stream's fit is
// decided from the decoded video's own size each time it changes (a `resize` event of the video).
import { useCallback, useEffect, useLayoutEffect, useState, type RefObject } from 'react';
import { danmakuBand, keyboardInset, viewerLayout, type ViewerLayout } from './phone-layout';
import {
  streamFit,
  streamOrientation,
  type Size,
  type StreamFit,
  type StreamOrientation,
} from './stream-fit';

const viewportSize = (): Size => ({ width: window.innerWidth, height: window.innerHeight });

export interface PhoneLayout {
  layout: ViewerLayout;
  orientation: StreamOrientation | null;
  fit: StreamFit;
  /** The danmaku band on a phone (below the top controls, above the middle); undefined on a desktop. */
  band: ((videoHeight: number) => { top: number; height: number }) | undefined;
}

export function usePhoneLayout(
  video: RefObject<HTMLVideoElement | null>,
  top: RefObject<HTMLElement | null>,
  dock: RefObject<HTMLElement | null>,
): PhoneLayout {
  const [viewport, setViewport] = useState(viewportSize);
  const [decoded, setDecoded] = useState<Size>({ width: 0, height: 0 });
  const layout = viewerLayout(viewport);

  useEffect(() => {
    const root = document.documentElement;
    const visual = window.visualViewport;
    const onResize = () => {
      setViewport(viewportSize());
      const inset = keyboardInset(window.innerHeight, visual ?? null);
      root.style.setProperty('--keyboard-inset', `${inset}px`);
    };
    window.addEventListener('resize', onResize);
    visual?.addEventListener('resize', onResize);
    visual?.addEventListener('scroll', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      visual?.removeEventListener('resize', onResize);
      visual?.removeEventListener('scroll', onResize);
    };
  }, []);

  // Before the first paint (and before the danmaku layer first fits itself to the video).
  useLayoutEffect(() => {
    document.documentElement.dataset.viewerLayout = layout;
  }, [layout]);

  useEffect(() => {
    const el = video.current;
    if (!el) return;
    const read = () => setDecoded({ width: el.videoWidth, height: el.videoHeight });
    el.addEventListener('loadedmetadata', read);
    el.addEventListener('resize', read);
    return () => {
      el.removeEventListener('loadedmetadata', read);
      el.removeEventListener('resize', read);
    };
  }, [video]);

  useEffect(() => {
    const el = dock.current;
    if (!el) return;
    const root = document.documentElement;
    const observer = new ResizeObserver(() =>
      root.style.setProperty('--viewer-dock-h', `${Math.ceil(el.getBoundingClientRect().height)}px`),
    );
    observer.observe(el);
    return () => observer.disconnect();
  }, [dock]);

  const phoneBand = useCallback(
    (videoHeight: number) => danmakuBand(videoHeight, top.current?.getBoundingClientRect().bottom ?? 0),
    [top],
  );
  return {
    layout,
    orientation: streamOrientation(decoded),
    fit: layout === 'phone' ? streamFit(decoded, viewport) : 'contain',
    band: layout === 'phone' ? phoneBand : undefined,
  };
}
