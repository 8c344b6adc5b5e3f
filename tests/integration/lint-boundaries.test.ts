// The import directions of ARCHITECTURE.md are enforced by ESLint; this proves the rule fires.
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/processes';

const eslint = new ESLint({ cwd: ROOT });

async function restrictedImports(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-globals')
    .map((m) => m.message);
}

describe('import directions', () => {
  it.each([
    ['core/protocol/x.ts', "import fs from 'node:fs';\nexport const a = fs;"],
    ['core/protocol/x.ts', "import { readFile } from 'fs';\nexport const a = readFile;"],
    ['core/protocol/x.ts', "import { ipcMain } from 'electron';\nexport const a = ipcMain;"],
    ['core/protocol/x.ts', "import { useState } from 'react';\nexport const a = useState;"],
    [
      'core/protocol/x.ts',
      "import { StudioHost } from '../../main/studio-host';\nexport const a = StudioHost;",
    ],
    ['core/protocol/x.ts', 'export const a = window.location;'],
    [
      'renderer/studio/x.ts',
      "import { StudioHost } from '../../main/studio-host';\nexport const a = StudioHost;",
    ],
    [
      'renderer/studio/x.ts',
      "import { startBackend } from '../../server/backend';\nexport const a = startBackend;",
    ],
    ['renderer/studio/x.ts', "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;"],
    ['main/x.ts', "import { app } from 'electron';\nexport const a = app;"],
    ['main/x.ts', "import { startBackend } from '../server/backend';\nexport const a = startBackend;"],
    ['server/x.ts', "import { StudioHost } from '../main/studio-host';\nexport const a = StudioHost;"],
    ['electron/x.ts', "import { startBackend } from '../server/backend';\nexport const a = startBackend;"],
  ])('%s may not: %s', async (file, code) => {
    expect(await restrictedImports(file, code)).not.toEqual([]);
  });

  it.each([
    ['core/protocol/x.ts', "import { z } from 'zod';\nexport const a = z;"],
    ['main/x.ts', "import { ok } from '../core/protocol/result';\nexport const a = ok;"],
    ['renderer/studio/x.ts', "import { ok } from '../../core/protocol/result';\nexport const a = ok;"],
    ['electron/x.ts', "import { StudioHost } from '../main/studio-host';\nexport const a = StudioHost;"],
  ])('%s may: %s', async (file, code) => {
    expect(await restrictedImports(file, code)).toEqual([]);
  });
});
