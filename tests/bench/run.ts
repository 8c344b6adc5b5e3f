// `npm run bench -- NAME`: runs one benchmark; each prints a table and ends with one JSON line.
const benches: Record<string, () => Promise<unknown>> = {
  live: () => import('./live-bench'),
  room: () => import('./room-bench'),
  insight: () => import('./insight-bench'),
  sentiment: () => import('./sentiment-bench'),
  danmaku: () => import('./danmaku-bench'),
  captions: () => import('./captions-bench'),
  ar: () => import('./ar-bench').then((m) => m.main()),
};

export {};
const benchName = process.argv[2];
if (!benchName || !(benchName in benches)) {
  process.stderr.write(`Usage: npm run bench -- NAME\nBenchmarks: ${Object.keys(benches).join(', ')}\n`);
  process.exit(2);
}
await benches[benchName]!();
