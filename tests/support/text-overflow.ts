// Text that does not fit its box, measured in the page, and an accented, 40% longer pseudo-locale to look
// for it with: the viewer page's languages check (tests/e2e/viewer-locales.spec.ts) and every other page's
// pseudo-locale pass (tests/e2e/pages-pseudo.spec.ts). A page opened with `?i18nDebug` puts i18next on
// window.__i18n (renderer/shared/i18n.ts).
import type { Page } from '@playwright/test';

/** Texts that overflow or are clipped: where, which text, by how much. */
export function overflowingText(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const describe = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.getAttribute('data-testid') ? `[${el.getAttribute('data-testid')}]` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.split(' ')[0]}` : ''}`;
    const visible = (el: Element) => {
      const s = getComputedStyle(el);
      return s.display !== 'none' && s.visibility !== 'hidden' && el.getClientRects().length > 0;
    };
    // Visually hidden on purpose (a heading only screen readers read): a 1 px clipped box.
    const srOnly = (el: Element | null): boolean => {
      for (let e = el; e; e = e.parentElement) {
        const r = e.getBoundingClientRect();
        if (getComputedStyle(e).clipPath.startsWith('inset(50%') || (r.width <= 1 && r.height <= 1))
          return true;
      }
      return false;
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim() ?? '';
      const parent = node.parentElement;
      if (!text || !parent || parent.closest('script, style, select, option, [hidden]')) continue;
      if (!visible(parent) || srOnly(parent)) continue;
      // The box the text must fit: the nearest ancestor that is not inline.
      let box: Element = parent;
      while (getComputedStyle(box).display === 'inline' && box.parentElement) box = box.parentElement;
      const b = box.getBoundingClientRect();
      const ellipsis = getComputedStyle(box).textOverflow === 'ellipsis';
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const r of range.getClientRects()) {
        // Sideways 1 px; up and down half a line, since a glyph box can be taller than a tight line height
        // (Thai and Arabic fonts): an overflowing line is a whole line out.
        const slack = parseFloat(getComputedStyle(parent).fontSize) / 2;
        const out = Math.max(
          b.left - r.left,
          r.right - b.right,
          b.top - r.top - slack,
          r.bottom - b.bottom - slack,
        );
        if (r.width > 0 && out > 1 && !ellipsis) {
          found.push(`${describe(box)} "${text.slice(0, 40)}" sticks out ${Math.round(out)}px`);
          break;
        }
      }
      // A box that clips its overflow must be wide enough for its text (an ellipsis is a choice, not a clip).
      // One that scrolls (a list scrolling up and down scrolls sideways too) must show its text without
      // scrolling sideways: a button pushed past a panel's edge is text out of sight. A one-line strip
      // (nowrap, or snapping) scrolls sideways on purpose (the viewer's controls on a phone).
      for (let e: Element | null = parent; e && e !== document.body; e = e.parentElement) {
        const s = getComputedStyle(e);
        if (s.textOverflow === 'ellipsis') continue;
        if (['hidden', 'clip'].includes(s.overflowX)) {
          if (e.scrollWidth > e.clientWidth + 1 && !srOnly(e)) {
            found.push(`${describe(e)} clips "${text.slice(0, 40)}" (${e.scrollWidth} > ${e.clientWidth})`);
            break;
          }
        } else if (
          ['auto', 'scroll'].includes(s.overflowX) &&
          s.whiteSpace !== 'nowrap' &&
          s.scrollSnapType === 'none' &&
          e.scrollWidth > e.clientWidth + 1
        ) {
          const left = e.getBoundingClientRect().left + e.clientLeft;
          const right = left + e.clientWidth;
          const out = [...range.getClientRects()].some(
            (r) => r.width > 0 && (r.left < left - 1 || r.right > right + 1),
          );
          if (out) {
            found.push(`${describe(e)} scrolls sideways to show "${text.slice(0, 40)}"`);
            break;
          }
        }
      }
    }
    if (document.documentElement.scrollWidth > window.innerWidth + 1)
      found.push(
        `the page is ${document.documentElement.scrollWidth}px wide in a ${window.innerWidth}px window`,
      );
    return [...new Set(found)];
  });
}

/**
 * en's strings made about 40% longer and accented, placeholders kept, in every namespace the page loaded:
 * where would longer text clip? The page re-renders in it (React re-reads on the language change).
 */
export function pseudoLocalize(page: Page): Promise<void> {
  return page.evaluate(async () => {
    const i18n = window.__i18n!;
    const ACCENTS: Record<string, string> = {
      a: 'á',
      e: 'ë',
      i: 'ï',
      o: 'ô',
      u: 'ü',
      c: 'ç',
      n: 'ñ',
      y: 'ý',
    };
    const pseudo = (s: string) => {
      const parts = s.split(/({{[^}]+}})/);
      const body = parts.map((p) => (p.startsWith('{{') ? p : p.replace(/[aeioucny]/g, (c) => ACCENTS[c]!)));
      // Padding in short words, as a longer sentence would wrap.
      const pad = ' ~~~~'.repeat(Math.ceil((s.length * 0.4) / 5));
      return `[${body.join('')}${pad}]`;
    };
    const map = (tree: object): object =>
      Object.fromEntries(
        Object.entries(tree).map(([k, v]) => [k, typeof v === 'string' ? pseudo(v) : map(v as object)]),
      );
    for (const ns of Object.keys(i18n.store.data.en ?? {}))
      i18n.addResourceBundle('en', ns, map(i18n.getResourceBundle('en', ns) as object), true, true);
    // Away and back, so that every component re-reads its strings.
    const other = (i18n.options.supportedLngs || []).find((l) => l !== 'en' && l !== 'cimode')!;
    await i18n.changeLanguage(other);
    await i18n.changeLanguage('en');
  });
}

/** Two animation frames: a re-render and its layout are done. */
export function settled(page: Page): Promise<void> {
  return page.evaluate(
    () => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))),
  );
}
