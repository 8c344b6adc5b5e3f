// Every page's locales are complete: the viewer page's 13 languages have exactly en's keys in common and viewer,
// each plural in the forms its language needs (ja one, ar six); zh-CN has every namespace, and a studio
// language's studio/dashboard/replay file, where there is one, has exactly en's keys too (a missing file reads
// English). No string is empty, placeholders survive translation, every key the code asks for exists, every
// key exists because the code asks for it, and no visible text in JSX bypasses i18next.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../core/protocol/result';
import { STUDIO_LANGUAGES, UI_LANGUAGES, VIEWER_LANGUAGES } from '../../core/protocol/languages';
import { isUsed, keyUses, sourceFiles, untranslatedJsx } from '../support/i18n-source';
import { ROOT } from '../support/processes';

type Tree = { [key: string]: string | Tree };
const LOCALES = path.join(ROOT, 'locales');
const file = (lng: string, ns: string) => path.join(LOCALES, lng, `${ns}.json`);
const load = (lng: string, ns: string) => JSON.parse(readFileSync(file(lng, ns), 'utf8')) as Tree;
const flatten = (tree: Tree, prefix = ''): Record<string, string> =>
  Object.fromEntries(
    Object.entries(tree).flatMap(([k, v]) =>
      typeof v === 'string' ? [[`${prefix}${k}`, v]] : Object.entries(flatten(v, `${prefix}${k}.`)),
    ),
  );
const namespaces = readdirSync(path.join(LOCALES, 'en')).map((f) => f.replace(/\.json$/, ''));
/** What the viewer page bundles (renderer/viewer/viewer-locales.ts); the other pages bundle every namespace. */
const VIEWER_NS = ['common', 'viewer'];
const STUDIO_NS = namespaces.filter((ns) => !VIEWER_NS.includes(ns));

const PLURAL = /_(zero|one|two|few|many|other)$/;
const pluralForms = (lng: string) => new Intl.PluralRules(lng).resolvedOptions().pluralCategories;
/** Placeholder names, formats aside: `{{count, number}}` is `count`. */
const vars = (s: string) => [...new Set([...s.matchAll(/{{\s*(\w+)/g)].map((m) => m[1]!))].sort();

/** Compares lng/ns with en: the same keys (plurals in lng's own forms), none empty, the same placeholders. */
function compareWithEn(lng: string, ns: string) {
  const en = flatten(load('en', ns));
  const other = flatten(load(lng, ns));
  const pluralBases = Object.keys(en)
    .filter((k) => k.endsWith('_other'))
    .map((k) => k.replace(PLURAL, ''));
  const isPlural = (k: string) => PLURAL.test(k) && pluralBases.includes(k.replace(PLURAL, ''));
  const required = new Set(Object.keys(en).filter((k) => !isPlural(k)));
  for (const base of pluralBases) for (const form of pluralForms(lng)) required.add(`${base}_${form}`);
  // en's own forms are tolerated where lng has fewer (a zh file with _one as well as _other).
  const allowed = new Set([...required, ...Object.keys(en)]);
  const missing = [...required].filter((k) => !(k in other));
  const unused = Object.keys(other).filter((k) => !allowed.has(k));
  const empty = Object.keys(other).filter((k) => other[k]!.trim() === '');
  const placeholders = Object.entries(other)
    .filter(([k, v]) => {
      const source = en[k] ?? en[`${k.replace(PLURAL, '')}_other`];
      return source !== undefined && vars(v).join() !== vars(source).join();
    })
    .map(([k, v]) => `${k}: ${v}`);
  expect({ missing, unused, empty, placeholders }, `${lng}/${ns}.json`).toEqual({
    missing: [],
    unused: [],
    empty: [],
    placeholders: [],
  });
}

describe('locales', () => {
  it.each(VIEWER_LANGUAGES.filter((l) => l !== 'en'))('%s: common and viewer match en', (lng) => {
    for (const ns of VIEWER_NS) compareWithEn(lng, ns);
  });

  it.each(STUDIO_LANGUAGES.filter((l) => l !== 'en'))('%s: studio, dashboard and replay match en', (lng) => {
    for (const ns of STUDIO_NS) {
      // en and zh-CN are complete; the others read English for a namespace not translated yet.
      if (lng === 'zh-CN' || existsSync(file(lng, ns))) compareWithEn(lng, ns);
    }
  });

  it('has no locale file a page does not load', () => {
    const stray: string[] = [];
    for (const lng of readdirSync(LOCALES)) {
      for (const f of readdirSync(path.join(LOCALES, lng))) {
        const ns = f.replace(/\.json$/, '');
        const languages: readonly string[] = VIEWER_NS.includes(ns) ? UI_LANGUAGES : STUDIO_LANGUAGES;
        if (!namespaces.includes(ns) || !languages.includes(lng)) stray.push(`${lng}/${f}`);
      }
    }
    expect(stray).toEqual([]);
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
    for (const f of sourceFiles(path.join(ROOT, 'renderer'))) {
      const text = readFileSync(f, 'utf8');
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
        if (!ok) missing.push(`${path.relative(ROOT, f)}: ${ns ?? '*'}:${key}`);
      }
    }
    expect(missing).toEqual([]);
    expect(checked).toBeGreaterThan(10);
  });

  it('has no key the code never asks for', () => {
    // Keys named literally anywhere in the renderer, core or the Electron main process (its dialogs and
    // tray), and the patterns of keys built at runtime (`errors.${code}`, `ar.assets.${id}`), derived from
    // the code's template literals.
    const uses = keyUses([
      ...sourceFiles(path.join(ROOT, 'renderer')),
      ...sourceFiles(path.join(ROOT, 'core')),
      ...sourceFiles(path.join(ROOT, 'electron')),
    ]);
    expect(uses.patterns.length).toBeGreaterThan(10);
    const unused = namespaces.flatMap((ns) =>
      Object.keys(flatten(load('en', ns)))
        .filter((key) => !isUsed(uses, ns, key))
        .map((key) => `${ns}:${key}`),
    );
    expect(unused).toEqual([]);
  });

  it('shows no text in JSX that does not go through i18next', () => {
    // Brand names, file formats and a URL's form read the same in every language.
    const allowed = /^(LiveBridge( Studio)?|WebVTT|SRT|CSV|JSON|rtmps?:\/\/…)$/;
    expect(untranslatedJsx(sourceFiles(path.join(ROOT, 'renderer')), allowed)).toEqual([]);
  });
});
