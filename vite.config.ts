import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = path.dirname(fileURLToPath(import.meta.url));
const pages = ['studio', 'dashboard', 'replay', 'viewer'];

export default defineConfig({
  root: path.join(root, 'renderer'),
  base: '/',
  plugins: [react()],
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
