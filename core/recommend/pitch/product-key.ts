// The seller's key for a product across streams: catalogs are rebuilt per stream (new ids), so what the
// policy learned about a product is filed under its normalised title instead.

/** 'en' title if there is one, else the first by sorted language tag; NFKC, lowercased, spaces collapsed. */
export function productKey(titles: Record<string, string>): string {
  const tags = Object.keys(titles)
    .filter((tag) => typeof titles[tag] === 'string' && titles[tag]!.trim() !== '')
    .sort();
  const tag = tags.includes('en') ? 'en' : tags[0];
  if (tag === undefined) return '';
  return titles[tag]!.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
}
