// The rule packs as data: every shipped pack validates, and a broken pack is a typed PackError that
// names the file and the rule, never a crash.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPackFile, loadPacks, PACK_DIR } from '../../server/compliance/pack-files';
import { CATEGORIES, PackError, parsePack, resolveMarket } from './pack';

const work = mkdtempSync(path.join(tmpdir(), 'compliance-packs-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const cn = JSON.parse(readFileSync(path.join(PACK_DIR, 'cn.json'), 'utf8')) as {
  rules: Record<string, unknown>[];
};
const withRule = (patch: Record<string, unknown>, index = 1) => ({
  ...cn,
  rules: cn.rules.map((r, i) => (i === index ? { ...r, ...patch } : r)),
});

describe('compliance rule packs', () => {
  it('ships CN, US, EU, ID, JP and GULF, each valid, versioned, with a guide for the host', () => {
    const { packs, errors } = loadPacks();
    expect(errors).toEqual([]);
    expect([...packs.keys()].sort()).toEqual(['CN', 'EU', 'GULF', 'ID', 'JP', 'US']);
    for (const pack of packs.values()) {
      expect(pack.version).toBe(1);
      expect(pack.guide.sellingPoints.length).toBeGreaterThan(0);
      expect(pack.guide.cautions.length).toBeGreaterThan(0);
      for (const rule of pack.rules) {
        expect(rule.citation.length).toBeGreaterThan(5);
        expect(rule.rephrase.length).toBeGreaterThan(5);
      }
    }
    const used = new Set([...packs.values()].flatMap((p) => p.rules.map((r) => r.category)));
    expect([...used].sort()).toEqual([...CATEGORIES].sort());
  });

  it('knows a market by its code or an alias in any case', () => {
    const { packs } = loadPacks();
    expect(['gulf', 'SA', 'ae', 'DE', 'cn', 'XX'].map((c) => resolveMarket(packs, c))).toEqual([
      'GULF',
      'GULF',
      'GULF',
      'EU',
      'CN',
      null,
    ]);
  });

  it('a rule with an unknown category is an error naming the file and the rule', () => {
    const parsed = parsePack(withRule({ category: 'bragging' }), 'cn.json');
    expect('error' in parsed && parsed.error).toBeInstanceOf(PackError);
    const error = (parsed as { error: PackError }).error;
    expect(error.file).toBe('cn.json');
    expect(error.rule).toBe(cn.rules[1]!.id);
    expect(error.message).toMatch(/cn\.json rule cn\.absolute\.grade: category/);
  });

  it('rejects a bad regular expression, a capturing group, a rule without words, a loud caution', () => {
    const problem = (patch: Record<string, unknown>) =>
      (parsePack(withRule(patch), 'cn.json') as { error?: PackError }).error?.problem;
    expect(problem({ patterns: ['(unclosed'] })).toMatch(/not a regular expression/);
    expect(problem({ patterns: ['only (\\d+) left'] })).toMatch(/capturing groups/);
    expect(problem({ terms: undefined, patterns: undefined })).toMatch(/terms or patterns/);
    expect(problem({ category: 'cultural_sensitivity', severity: 2 })).toMatch(/severity 1/);
    expect(problem({ severity: 3 })).toBeDefined();
    expect(problem({ id: cn.rules[0]!.id })).toBe('duplicate rule id');
  });

  it('a pack without a version or with a broken file is an error, and the other packs still load', () => {
    const dir = mkdtempSync(path.join(work, 'packs-'));
    writeFileSync(path.join(dir, 'cn.json'), JSON.stringify({ ...cn, version: 2 }));
    writeFileSync(path.join(dir, 'jp.json'), '{"version": 1, "rules": [');
    writeFileSync(path.join(dir, 'us.json'), readFileSync(path.join(PACK_DIR, 'us.json')));
    const { packs, errors } = loadPacks(dir);
    expect([...packs.keys()]).toEqual(['US']);
    expect(errors.map((e) => [path.basename(e.file), e.code])).toEqual([
      ['cn.json', 'compliance_pack_invalid'],
      ['jp.json', 'compliance_pack_invalid'],
    ]);
    expect(errors[0]!.message).toMatch(/version/);
    expect(errors[1]!.message).toMatch(/not JSON/);
    expect(loadPackFile(path.join(dir, 'missing.json'))).toMatchObject({
      error: { problem: 'cannot read (ENOENT)' },
    });
  });

  it('reads a list of phrases written as one "|" string as the same list', () => {
    const a = parsePack(withRule({ terms: ['顶级', '极品'] }), 'a.json') as {
      pack: { rules: { terms?: string[] }[] };
    };
    const b = parsePack(withRule({ terms: '顶级 | 极品' }), 'b.json') as {
      pack: { rules: { terms?: string[] }[] };
    };
    expect(b.pack.rules[1]!.terms).toEqual(a.pack.rules[1]!.terms);
  });
});
