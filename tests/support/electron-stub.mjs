// Loaded with --import into plain Node before dist/electron/main.cjs: stands in for the `electron` module where
// the binary is needed (app, windows, dialogs, tray, protocol, IPC registration), so the real main process
// runs its startup, backend lifecycle, close guard and quit. utilityProcess.fork is node:child_process.fork
// with the parent-port shim (tests/support/parent-port-shim.mjs). The test drives it over Node IPC:
//   { cmd: 'invoke', id, method, args }   -> calls the registered `studio:<method>` handler as our window
//   { cmd: 'answer', response }            -> the next showMessageBox answer (button index)
//   { cmd: 'close-window' }                -> the user closes the window
//   { cmd: 'tray-quit' }                   -> the tray's Quit
// and hears { type: 'ready' | 'dialog' | 'closed' | 'result' | 'backend', ... } back.
import childProcess from 'node:child_process';
import { EventEmitter } from 'node:events';
import Module from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SHIM = path.join(path.dirname(fileURLToPath(import.meta.url)), 'parent-port-shim.mjs');
const tell = (message) => process.send?.(message);
const handlers = new Map();
let nextAnswer = 0;
let trayMenu = [];
let quitting = false;

const app = Object.assign(new EventEmitter(), {
  isPackaged: false,
  paths: { userData: process.env.LIVEBRIDGE_HOME },
  getPath: (name) => app.paths[name],
  setPath: (name, value) => (app.paths[name] = value),
  setName: () => undefined,
  getVersion: () => '0.1.0',
  getLocale: () => 'en-US',
  requestSingleInstanceLock: () => true,
  whenReady: () => Promise.resolve(),
  quit() {
    if (quitting) return;
    let prevented = false;
    app.emit('before-quit', { preventDefault: () => (prevented = true) });
    if (prevented) return;
    quitting = true;
    app.emit('will-quit', { preventDefault: () => undefined });
    tell({ type: 'quit' });
    setImmediate(() => process.exit(0));
  },
});

class BrowserWindow extends EventEmitter {
  static windows = [];
  static getAllWindows = () => BrowserWindow.windows;
  constructor(options) {
    super();
    this.options = options;
    this.destroyed = false;
    this.webContents = Object.assign(new EventEmitter(), {
      setWindowOpenHandler: () => undefined,
      isDestroyed: () => this.destroyed,
      getURL: () => this.url,
      send: (channel, payload) => tell({ type: 'push', channel, payload }),
    });
    BrowserWindow.windows.push(this);
  }
  loadURL(url) {
    this.url = url;
    setImmediate(() => {
      this.emit('ready-to-show');
      tell({ type: 'ready', url });
    });
    return Promise.resolve();
  }
  show() {}
  focus() {}
  isDestroyed() {
    return this.destroyed;
  }
  close() {
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    if (prevented) return;
    this.destroyed = true;
    BrowserWindow.windows = BrowserWindow.windows.filter((w) => w !== this);
    this.emit('closed');
    tell({ type: 'closed' });
    if (BrowserWindow.windows.length === 0) app.emit('window-all-closed');
  }
}

/** A UtilityProcess over a Node child: `message` with the data, `exit` with a code, kill, pid. */
function wrap(child) {
  const standIn = new EventEmitter();
  Object.defineProperty(standIn, 'pid', { get: () => child.pid });
  standIn.postMessage = (message) => child.connected && child.send(message);
  standIn.kill = () => child.kill('SIGTERM');
  child.on('message', (m) => standIn.emit('message', m));
  child.on('exit', (code) => standIn.emit('exit', code ?? 137));
  return standIn;
}

const electron = {
  app,
  BrowserWindow,
  utilityProcess: { fork: (modulePath, args, options) => wrap(forkChild(modulePath, args, options)) },
  protocol: { registerSchemesAsPrivileged: () => undefined, handle: () => undefined },
  session: {
    defaultSession: {
      setPermissionRequestHandler: () => undefined,
      setPermissionCheckHandler: () => undefined,
    },
  },
  shell: { openExternal: () => Promise.resolve() },
  dialog: {
    showErrorBox: (title, body) => tell({ type: 'error-box', title, body }),
    showMessageBox: (...args) => {
      const options = args.length > 1 ? args[1] : args[0];
      tell({ type: 'dialog', options });
      return Promise.resolve({ response: nextAnswer, checkboxChecked: false });
    },
  },
  ipcMain: {
    handle: (channel, handler) => handlers.set(channel, handler),
    removeHandler: (channel) => handlers.delete(channel),
  },
  nativeImage: { createFromBitmap: (buffer, size) => ({ buffer, size }) },
  Menu: { buildFromTemplate: (template) => template },
  Tray: class extends EventEmitter {
    setImage() {}
    setToolTip(tip) {
      tell({ type: 'tray-tooltip', tip });
    }
    setContextMenu(menu) {
      trayMenu = menu;
      tell({ type: 'tray-menu', labels: menu.map((item) => item.label ?? '-') });
    }
    destroy() {}
  },
};

function forkChild(modulePath, args, options) {
  const child = childProcess.fork(modulePath, args, {
    env: options.env,
    execArgv: ['--import', SHIM],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  tell({ type: 'backend', pid: child.pid, args });
  return child;
}

// main.cjs is CommonJS: its require('electron') goes through Module._load.
const load = Module._load;
Module._load = function (request, parent, isMain) {
  if (request === 'electron') return electron;
  return load.call(this, request, parent, isMain);
};

process.on('message', async (message) => {
  if (message.cmd === 'invoke') {
    const handler = handlers.get(`studio:${message.method}`);
    const event = { senderFrame: { parent: null, url: 'app://studio/studio.html' } };
    const result = handler ? await handler(event, ...message.args) : { ok: false, error: { code: 'none' } };
    tell({ type: 'result', id: message.id, result });
  } else if (message.cmd === 'answer') {
    nextAnswer = message.response;
  } else if (message.cmd === 'close-window') {
    BrowserWindow.windows[0]?.close();
  } else if (message.cmd === 'tray-quit') {
    trayMenu.find((item) => item.label === 'Quit')?.click();
  }
});
