import { createReadStream, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import {
  AR_MODELS_PATH,
  AR_WASM_PATH,
  FACE_MODEL_FILES,
  WASM_FILES,
} from './renderer/ar/tracking/face-tracker-assets.js';

const root = path.dirname(fileURLToPath(import.meta.url));
const pages = ['studio', 'dashboard', 'replay', 'viewer'];

/**
 * The AR face tracker's models (Human's) and the TensorFlow.js WASM binaries, served from our own origin: the
 * dev server answers /ar/models/* and /ar/wasm/* from node_modules, the build writes them to
 * dist/renderer/ar/. Copied at build time, never committed.
 */
function arTrackingAssets(): Plugin {
  const files = new Map<string, string>();
  for (const f of FACE_MODEL_FILES)
    files.set(AR_MODELS_PATH + f, path.join(root, 'node_modules/@vladmandic/human/models', f));
  for (const f of WASM_FILES)
    files.set(AR_WASM_PATH + f, path.join(root, 'node_modules/@tensorflow/tfjs-backend-wasm/dist', f));
  const types: Record<string, string> = { '.json': 'application/json', '.wasm': 'application/wasm' };
  return {
    name: 'livebridge-ar-tracking-assets',
    buildStart() {
      const missing = [...files.values()].filter((f) => !existsSync(f));
      if (missing.length) this.error(`AR tracking files missing (npm install?): ${missing.join(', ')}`);
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const file = files.get(new URL(req.url ?? '/', 'http://dev').pathname.slice(1));
        if (!file) return next();
        res.setHeader('Content-Type', types[path.extname(file)] ?? 'application/octet-stream');
        createReadStream(file).pipe(res);
      });
    },
    generateBundle() {
      for (const [fileName, file] of files)
        this.emitFile({ type: 'asset', fileName, source: readFileSync(file) });
    },
  };
}

export default defineConfig({
  root: path.join(root, 'renderer'),
  base: '/',
  plugins: [react(), arTrackingAssets()],
  build: {
    outDir: path.join(root, 'dist', 'renderer'),
    emptyOutDir: true,
    sourcemap: true,
    rollupOptions: {
      input: Object.fromEntries(pages.map((p) => [p, path.join(root, 'renderer', `${p}.html`)])),
    },
  },
  server: { fs: { allow: [root] } },
});
