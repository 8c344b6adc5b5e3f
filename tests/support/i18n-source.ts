// What the renderer's source asks i18next for, read with the TypeScript parser: the keys it names literally,
// the key patterns it builds at runtime (template literals such as `errors.${code}`), and the visible text
// in JSX that does not go through i18next. tests/integration/locales.test.ts holds the locales to them.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export function sourceFiles(dir: string, test = /\.tsx?$/): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sourceFiles(path.join(dir, e.name), test)
      : test.test(e.name) && !/\.(test|spec)\.tsx?$/.test(e.name)
        ? [path.join(dir, e.name)]
        : [],
  );
}

const parse = (file: string) =>
  ts.createSourceFile(
    file,
    readFileSync(file, 'utf8'),
    ts.ScriptTarget.Latest,
    true,
    file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );

function walk(node: ts.Node, visit: (n: ts.Node) => void): void {
  visit(node);
  node.forEachChild((child) => walk(child, visit));
}

const KEYISH = /^[\w-]+(?::[\w-]+)?(?:\.[\w-]+)*$/;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export interface KeyUses {
  /** Every string literal in the code that could be a key ('comments.heading', 'viewer:title', 'live'). */
  literals: Set<string>;
  /** Keys built at runtime: a template literal's fixed parts with anything in between (`errors.${code}`). */
  patterns: RegExp[];
}

/** The keys and key patterns the code in `files` can ask for (keys are namespaced or not, as written). */
export function keyUses(files: string[]): KeyUses {
  const literals = new Set<string>();
  const patterns: RegExp[] = [];
  for (const file of files) {
    walk(parse(file), (n) => {
      if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) {
        if (KEYISH.test(n.text)) literals.add(n.text);
      } else if (ts.isTemplateExpression(n)) {
        const parts = [n.head.text, ...n.templateSpans.map((s) => s.literal.text)];
        // A key pattern starts with a key's first segment and has only key characters between the holes.
        if (!/^[\w-]+(?::[\w-]+)?[.:]?/.test(parts[0]!) || !parts.every((p) => /^[\w.:-]*$/.test(p))) return;
        if (parts.join('').length < 3) return;
        patterns.push(new RegExp(`^${parts.map(escape).join('[\\w.-]+')}$`));
      }
    });
  }
  return { literals, patterns };
}

/** Whether `key` of namespace `ns` is asked for by the code (a plural form counts as its base key). */
export function isUsed(uses: KeyUses, ns: string, key: string): boolean {
  const base = key.replace(/_(zero|one|two|few|many|other)$/, '');
  const candidates = [`${ns}:${base}`, base];
  return candidates.some((k) => uses.literals.has(k) || uses.patterns.some((p) => p.test(k)));
}

/** Visible text in JSX that does not come from i18next: file:line and the text. */
export function untranslatedJsx(files: string[], allowed: RegExp): string[] {
  const found: string[] = [];
  const VISIBLE_ATTRS = new Set(['title', 'placeholder', 'alt', 'aria-label', 'aria-description', 'label']);
  const hasWords = (s: string) => /\p{L}{2,}/u.test(s) && !allowed.test(s.trim());
  for (const file of files.filter((f) => f.endsWith('.tsx'))) {
    const source = parse(file);
    const report = (n: ts.Node, text: string) => {
      const { line } = source.getLineAndCharacterOfPosition(n.getStart());
      found.push(`${path.basename(file)}:${line + 1}: ${text.trim()}`);
    };
    walk(source, (n) => {
      if (ts.isJsxText(n)) {
        if (hasWords(n.text)) report(n, n.text);
      } else if (ts.isJsxAttribute(n) && n.initializer) {
        const name = n.name.getText(source);
        if (!VISIBLE_ATTRS.has(name)) return;
        const value = ts.isStringLiteral(n.initializer)
          ? n.initializer
          : ts.isJsxExpression(n.initializer)
            ? n.initializer.expression
            : undefined;
        if (value && ts.isStringLiteral(value) && hasWords(value.text)) report(n, value.text);
      } else if (
        ts.isJsxExpression(n) &&
        n.expression &&
        (ts.isJsxElement(n.parent) || ts.isJsxFragment(n.parent))
      ) {
        const e = n.expression;
        const texts =
          ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)
            ? [e.text]
            : ts.isTemplateExpression(e)
              ? [e.head.text, ...e.templateSpans.map((s) => s.literal.text)]
              : [];
        const words = texts.filter(hasWords);
        if (words.length > 0) report(n, words.join('…'));
      }
    });
  }
  return found;
}
