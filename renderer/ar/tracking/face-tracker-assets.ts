// The files the face tracker loads from our own origin (never a CDN): Human's face models and the TensorFlow.js
// WASM binaries. The Vite build copies them from node_modules into dist/renderer/ar/ and the dev server serves
// them from there (vite.config.ts); the worker finds them under these paths. Pure constants: the build reads
// this file too.

/** Under the renderer's base URL. */
export const AR_MODELS_PATH = 'ar/models/';
export const AR_WASM_PATH = 'ar/wasm/';

/** Human's models used: the BlazeFace detector, the 468-point FaceMesh and the iris refinement. */
export const FACE_MODELS = ['blazeface', 'facemesh', 'iris'] as const;
export const FACE_MODEL_FILES = FACE_MODELS.flatMap((m) => [`${m}.json`, `${m}.bin`]);

/** tfjs-backend-wasm picks one by what the browser supports (threads need cross-origin isolation). */
export const WASM_FILES = [
  'tfjs-backend-wasm.wasm',
  'tfjs-backend-wasm-simd.wasm',
  'tfjs-backend-wasm-threaded-simd.wasm',
] as const;
