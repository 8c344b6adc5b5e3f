import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TokenClaimsSchema } from '../../core/protocol/socket-events';
import { hostSubject } from './secret-file';

describe('host subject', () => {
  it('is one per data folder, kept across restarts, and fits a token', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lb-sub-'));
    const sub = hostSubject(dir);
    expect(hostSubject(dir)).toBe(sub);
    expect(hostSubject(mkdtempSync(path.join(os.tmpdir(), 'lb-sub-')))).not.toBe(sub);
    expect(TokenClaimsSchema.safeParse({ v: 1, role: 'host', sub, exp: 1 }).success).toBe(true);
    // A damaged file is replaced, not trusted.
    writeFileSync(path.join(dir, 'host-subject'), 'x\n');
    expect(hostSubject(dir)).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
  });
});
