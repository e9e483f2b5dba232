/**
 * Where the lookup's CPU goes (issue 10): times searchCertified and its parts on an existing bench
 * database (BENCH_KEEP=1 npm run bench keeps one; pass its app.db as DATABASE_URL), for the bench's
 * own search addresses. Not part of `npm run bench`; a tool for profiling.
 *   DATABASE_URL=/tmp/cnnt-bench-xxx/app.db npx tsx scripts/bench/search-profile.ts [rounds]
 */
import { useBenchEnvironment } from "./env";

const dbUrl = process.env.DATABASE_URL;
useBenchEnvironment();
process.env.DATABASE_URL = dbUrl;
const ROUNDS = Number(process.argv[2] ?? 200);

const { parseLookupParams } = await import("~/modules/lookup/lookup");
const { searchCertified, lookupFilterOptions, publishedRoundsList, forgetRankedSearches } = await import("~/modules/lookup/lookup.server");

const QUERIES = ["banh trang", "do go", "gom", "Bánh tráng Trảng Bàng", "che bup tan cuong", "nuoc mam phu quoc", "may tuot lua", "hop tac xa", "lua", "dao ren da hoi", "den long hoi an", "ha noi"];
const urls = QUERIES.flatMap((q) => [`q=${encodeURIComponent(q)}`, `q=${encodeURIComponent(q)}&hieu-luc=1`, `q=${encodeURIComponent(q)}&trang=2`]);

function cpu(fn: () => void, n: number) {
  const c0 = process.cpuUsage();
  for (let i = 0; i < n; i++) fn();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000 / n;
}
const filters = urls.map((u) => parseLookupParams(new URLSearchParams(u)));
for (const f of filters) searchCertified(f); // warm (prepare statements)
const forget = forgetRankedSearches ?? (() => {});
const per: [string, number, number, number][] = [];
for (const [i, f] of filters.entries()) {
  const ms = cpu(() => searchCertified(f), Math.max(3, Math.round(ROUNDS / 10)));
  const first = cpu(() => {
    forget();
    searchCertified(f);
  }, Math.max(3, Math.round(ROUNDS / 20)));
  per.push([urls[i]!, ms, first, searchCertified(f).total]);
}
per.sort((a, b) => b[1] - a[1]);
console.log("   again    first    hits  address");
for (const [u, ms, first, total] of per) console.log(`${ms.toFixed(3).padStart(8)} ${first.toFixed(3).padStart(8)}  ${String(total).padStart(6)}  ${decodeURIComponent(u)}`);
console.log(`mean: again ${(per.reduce((a, r) => a + r[1], 0) / per.length).toFixed(3)} ms, first ${(per.reduce((a, r) => a + r[2], 0) / per.length).toFixed(3)} ms (before the memo, the first is every request)`);
const all = cpu(() => {
  for (const f of filters) searchCertified(f);
}, Math.max(1, Math.round(ROUNDS / 20)));
console.log(`mean searchCertified over the ${filters.length} addresses: ${(all / filters.length).toFixed(3)} ms`);
console.log(`lookupFilterOptions: ${cpu(() => lookupFilterOptions(), ROUNDS).toFixed(4)} ms, publishedRoundsList: ${cpu(() => publishedRoundsList(12), ROUNDS).toFixed(4)} ms`);
