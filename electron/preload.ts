// Exposes window.studio: one typed method per capability, each a single ipcRenderer.invoke on its own
// channel. Nothing of ipcRenderer itself reaches the page.
import { contextBridge, ipcRenderer } from 'electron';
import { STUDIO_IPC_PREFIX } from '../core/protocol/studio-api';
import { createStudioApi } from '../core/protocol/studio-client';

contextBridge.exposeInMainWorld(
  'studio',
  createStudioApi((method, args) => ipcRenderer.invoke(`${STUDIO_IPC_PREFIX}${method}`, ...args)),
);
