// The tray icon: the live state at a glance (a red dot while live), the update that waits, and a menu to
// show the studio, restart to update (never while live) and quit (which asks first while live).
import { Menu, nativeImage, Tray } from 'electron';
import type { TFunction } from 'i18next';
import type { ElectronShell } from './desktop-shell';
import { trayView, type TrayIcon } from './live-guard';
import { trayBitmap } from './tray-icon';

const SIZE = 16;

export function createStudioTray(options: {
  shell: ElectronShell;
  t: TFunction<'desktop'>;
  show: () => void;
  quit: () => void;
}): () => void {
  const { shell, t } = options;
  const icons = new Map<TrayIcon, Electron.NativeImage>();
  const icon = (kind: TrayIcon) => {
    let image = icons.get(kind);
    if (!image) {
      // Drawn at twice the size for HiDPI screens.
      image = nativeImage.createFromBitmap(trayBitmap(kind, SIZE * 2), {
        width: SIZE * 2,
        height: SIZE * 2,
        scaleFactor: 2,
      });
      icons.set(kind, image);
    }
    return image;
  };
  const tray = new Tray(icon('idle'));
  const render = () => {
    const view = trayView(shell.live, shell.updateStatus());
    tray.setImage(icon(view.icon));
    tray.setToolTip(t(view.tooltip.key, view.tooltip.values));
    tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: t(view.status.key, view.status.values), enabled: false },
        { type: 'separator' },
        { label: t('tray.show'), click: options.show },
        ...(view.canRestartToUpdate
          ? [{ label: t('tray.restartToUpdate'), click: () => void shell.restartToUpdate() }]
          : []),
        { label: t('tray.quit'), click: options.quit },
      ]),
    );
  };
  render();
  tray.on('click', options.show);
  const stop = shell.onChange(render);
  return () => {
    stop();
    tray.destroy();
  };
}
