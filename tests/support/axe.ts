// axe-core (WCAG 2.0/2.1, levels A and AA) run inside a page. The pages send a strict CSP (script-src 'self'),
// so a <script> tag with axe's source would be refused; page.evaluate runs over the DevTools protocol,
// which a page's CSP does not govern, and leaves `window.axe` defined for the check that follows.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from '@playwright/test';
import type { AxeResults, ElementContext, Result, RunOptions } from 'axe-core';

type AxeRun = (context: ElementContext, options: RunOptions) => Promise<AxeResults>;

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] as const;

/** One failed rule, with the CSS selector and a short summary of each node that fails it. */
export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string; summary: string }[];
}

const simplify = (v: Result): AxeViolation => ({
  id: v.id,
  impact: v.impact ?? null,
  help: v.help,
  nodes: v.nodes.map((n) => ({
    target: n.target.map(String).join(' >> '),
    summary: (n.failureSummary ?? '').replace(/\s+/g, ' ').trim(),
  })),
});

/** Runs axe on the page as it is now (optionally only inside `include`) and returns the violations. */
export async function axeViolations(page: Page, include?: string): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => typeof (window as { axe?: unknown }).axe === 'object');
  if (!loaded) await page.evaluate(`${AXE_SOURCE}\n;undefined`);
  const results = await page.evaluate(
    ([tags, scope]) => {
      const axe = (window as unknown as { axe: { run: AxeRun } }).axe;
      const options = {
        runOnly: { type: 'tag' as const, values: tags },
        resultTypes: ['violations' as const],
      };
      return axe.run(scope ?? document, options);
    },
    [[...WCAG_TAGS] as string[], include ?? null] as const,
  );
  return results.violations.map(simplify);
}
