// en and zh-CN are complete: the same keys in every namespace, no empty strings, and every key the code
// asks for exists.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../core/protocol/result';
import { UI_LANGUAGES } from '../../core/protocol/languages';
import { ROOT } from '../support/processes';

type Tree = { [key: string]: string | Tree };
const load = (lng: string, ns: string) =>
  JSON.parse(readFileSync(path.join(ROOT, 'locales', lng, `${ns}.json`), 'utf8')) as Tree;
const flatten = (tree: Tree, prefix = ''): Record<string, string> =>
  Object.fromEntries(
    Object.entries(tree).flatMap(([k, v]) =>
      typeof v === 'string' ? [[`${prefix}${k}`, v]] : Object.entries(flatten(v, `${prefix}${k}.`)),
    ),
  );
const namespaces = readdirSync(path.join(ROOT, 'locales', 'en')).map((f) => f.replace(/\.json$/, ''));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sourceFiles(path.join(dir, e.name))
      : /\.tsx?$/.test(e.name)
        ? [path.join(dir, e.name)]
        : [],
  );
}

describe('locales', () => {
  it.each(UI_LANGUAGES.filter((l) => l !== 'en'))('%s has exactly the keys of en, none empty', (lng) => {
    for (const ns of namespaces) {
      const en = flatten(load('en', ns));
      const other = flatten(load(lng, ns));
      expect(Object.keys(other).sort(), `${lng}/${ns}.json`).toEqual(Object.keys(en).sort());
      for (const [key, value] of Object.entries(other))
        expect(value.trim(), `${lng}/${ns}:${key}`).not.toBe('');
      // Placeholders survive translation.
      for (const [key, value] of Object.entries(en)) {
        const vars = (s: string) => (s.match(/{{\s*\w+\s*}}/g) ?? []).sort();
        expect(vars(other[key]!), `${lng}/${ns}:${key}`).toEqual(vars(value));
      }
    }
  });

  it('has a message for every error code the host can return', () => {
    const errors = flatten(load('en', 'common'));
    for (const code of ERROR_CODES) expect(errors[`errors.${code}`], code).toBeTruthy();
  });

  it('has every literal key the renderer asks for', () => {
    const all: Record<string, string> = {};
    for (const ns of namespaces)
      for (const [k, v] of Object.entries(flatten(load('en', ns)))) all[`${ns}:${k}`] = v;
    const missing: string[] = [];
    let checked = 0;
    for (const file of sourceFiles(path.join(ROOT, 'renderer'))) {
      const text = readFileSync(file, 'utf8');
      // Each t('key') resolves against the nearest useTranslation(...) above it; a variable namespace
      // means the key must exist in at least one namespace.
      let ns: string | null = 'common';
      for (const m of text.matchAll(/useTranslation\((\[?'(\w+)'|[^)'[]*)|\bt\('([\w.:]+)'/g)) {
        if (m[0].startsWith('useTranslation')) {
          ns = m[2] ?? (m[1]?.trim() ? null : 'common');
          continue;
        }
        const key = m[3]!;
        checked++;
        // A plural key ({ count }) is there as its i18next forms: key_one, key_other.
        const has = (k: string) => k in all || `${k}_other` in all;
        const ok = key.includes(':')
          ? has(key)
          : ns
            ? has(`${ns}:${key}`)
            : namespaces.some((n) => has(`${n}:${key}`));
        if (!ok) missing.push(`${path.relative(ROOT, file)}: ${ns ?? '*'}:${key}`);
      }
    }
    expect(missing).toEqual([]);
    expect(checked).toBeGreaterThan(10);
  });
});
