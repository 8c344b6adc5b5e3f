// How the viewer page fits the decoded stream into its stage: decided from the video's own size
// (videoWidth/videoHeight), never from a flag, so a portrait stream is recognised whatever announced it.
export interface Size {
  width: number;
  height: number;
}

export type StreamOrientation = 'portrait' | 'landscape';
/** CSS object-fit: `cover` fills the stage (cropping a little), `contain` letterboxes. */
export type StreamFit = 'cover' | 'contain';

/** The most of the picture's width (or height) a phone may crop to fill its screen with a portrait stream. */
export const MAX_COVER_CROP = 0.25;

/** Portrait when taller than wide; null until a frame has been decoded (0x0). */
export function streamOrientation(video: Size): StreamOrientation | null {
  if (video.width <= 0 || video.height <= 0) return null;
  return video.height > video.width ? 'portrait' : 'landscape';
}

/**
 * A portrait stream on a portrait stage is shown full screen (cover) when that crops at most MAX_COVER_CROP
 * of the picture (a 9:16 stream on a 390x844 phone crops 18% of its width); anything else is letterboxed.
 */
export function streamFit(video: Size, stage: Size): StreamFit {
  if (streamOrientation(video) !== 'portrait' || stage.width <= 0 || stage.height <= stage.width)
    return 'contain';
  const videoAspect = video.width / video.height;
  const stageAspect = stage.width / stage.height;
  const crop = 1 - Math.min(videoAspect, stageAspect) / Math.max(videoAspect, stageAspect);
  return crop <= MAX_COVER_CROP ? 'cover' : 'contain';
}

/** Where the picture lands inside the stage for a fit (may overflow the stage for `cover`). */
export function fittedRect(video: Size, stage: Size, fit: StreamFit): Size & { x: number; y: number } {
  if (video.width <= 0 || video.height <= 0) return { x: 0, y: 0, ...stage };
  const scaleX = stage.width / video.width;
  const scaleY = stage.height / video.height;
  const scale = fit === 'cover' ? Math.max(scaleX, scaleY) : Math.min(scaleX, scaleY);
  const width = video.width * scale;
  const height = video.height * scale;
  return { x: (stage.width - width) / 2, y: (stage.height - height) / 2, width, height };
}
