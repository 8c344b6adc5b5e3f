import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const RENDERER_OUT = path.join(ROOT, 'dist', 'renderer');
export const ELECTRON_OUT = path.join(ROOT, 'dist', 'electron');
