// One ipcMain handler per window.studio method, on channel `studio:<method>`. Each checks that the sender
// is the top frame of one of our windows before the host validates the arguments.
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { fail } from '../core/protocol/result';
import { STUDIO_IPC_PREFIX, STUDIO_METHODS } from '../core/protocol/studio-api';
import type { StudioHost } from '../main/studio-host';
import { isTrustedSenderUrl } from './window-options';

function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  return !!frame && frame.parent === null && isTrustedSenderUrl(frame.url);
}

export function registerStudioIpc(host: StudioHost): () => void {
  for (const method of STUDIO_METHODS) {
    ipcMain.handle(`${STUDIO_IPC_PREFIX}${method}`, (event, ...args: unknown[]) => {
      if (!isTrustedSender(event)) {
        host.log.warn({ method, url: event.senderFrame?.url }, 'IPC from an untrusted sender refused');
        return fail('forbidden', 'This frame may not call the studio host');
      }
      return host.invoke(method, args);
    });
  }
  return () => {
    for (const method of STUDIO_METHODS) ipcMain.removeHandler(`${STUDIO_IPC_PREFIX}${method}`);
  };
}
