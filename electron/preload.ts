// Exposes window.studio: one typed method per capability, each a single ipcRenderer.invoke on its own
// channel, and one subscribe method per pushed event, each listening on that event's own channel and
// returning a disposer. Nothing of ipcRenderer itself (nor its event object) reaches the page.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { STUDIO_EVENT_IPC_PREFIX, STUDIO_IPC_PREFIX } from '../core/protocol/studio-api';
import { createStudioApi } from '../core/protocol/studio-client';

contextBridge.exposeInMainWorld(
  'studio',
  createStudioApi(
    (method, args) => ipcRenderer.invoke(`${STUDIO_IPC_PREFIX}${method}`, ...args),
    (event, listener) => {
      const channel = `${STUDIO_EVENT_IPC_PREFIX}${event}`;
      // Only the payload crosses to the page; the renderer validates it with the event's schema.
      const onPush = (_event: IpcRendererEvent, payload: unknown) => listener(payload as never);
      ipcRenderer.on(channel, onPush);
      let subscribed = true;
      return () => {
        if (!subscribed) return;
        subscribed = false;
        ipcRenderer.removeListener(channel, onPush);
      };
    },
  ),
);
