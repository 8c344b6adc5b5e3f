// Loads the rule packs of assets/compliance (or another folder) from disk, each checked by parsePack: a
// file that cannot be read or parsed is a PackError naming it, for the caller to report.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PackError, parsePack, type CompliancePacks, type RulePack } from '../../core/compliance';

export const PACK_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../assets/compliance');

/** One pack file: its rules, or a PackError (unreadable file, bad JSON, a rule that does not validate). */
export function loadPackFile(file: string): { pack: RulePack } | { error: PackError } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { error: new PackError(file, null, `cannot read (${(error as NodeJS.ErrnoException).code})`) };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { error: new PackError(file, null, `not JSON: ${(error as Error).message}`) };
  }
  return parsePack(json, file);
}

/** Every *.json pack of `dir` by market code; the packs that do not load come back as errors. */
export function loadPacks(dir: string = PACK_DIR): { packs: CompliancePacks; errors: PackError[] } {
  const packs = new Map<string, RulePack>();
  const errors: PackError[] = [];
  for (const name of readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .sort()) {
    const loaded = loadPackFile(path.join(dir, name));
    if ('error' in loaded) errors.push(loaded.error);
    else packs.set(loaded.pack.market, loaded.pack);
  }
  return { packs, errors };
}
