// Whether a real GPU renders this page (or worker): the tracker picks its TensorFlow.js backend by it, and the
// compositor how it gets camera frames into its canvas. Works in a window and in a worker (OffscreenCanvas).

/**
 * The GPU's name, or null under a software rasterizer (SwiftShader, llvmpipe: every machine without a GPU,
 * headless Chromium included), where WebGL work (tfjs-webgl) is far slower than the CPU paths.
 */
export function gpuRenderer(): string | null {
  try {
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
    if (!gl) return null;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '');
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return /swiftshader|llvmpipe|softpipe|software|basic render/i.test(renderer) ? null : renderer;
  } catch {
    return null;
  }
}

let cached: boolean | undefined;

/** gpuRenderer() !== null, probed once per page or worker. */
export function hasGpu(): boolean {
  cached ??= gpuRenderer() !== null;
  return cached;
}
