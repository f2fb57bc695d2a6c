#!/usr/bin/env node
// Runs every query of the Weft dashboard (and every alert expression) against a live
// Prometheus and prints how many series each returns, so a dashboard can be checked
// against a running install without Grafana:
//   node deploy/test/query-dashboard.mjs [http://127.0.0.1:9090]
// Exit 1 if a query is refused (bad PromQL); an empty answer is reported, not an error
// (no webhook traffic yet means no webhook series).
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

const prom = process.argv[2] ?? 'http://127.0.0.1:9090';
const root = new URL('../..', import.meta.url);
const dash = JSON.parse(readFileSync(new URL('deploy/grafana/weft-dashboard.json', root), 'utf8'));
const rules = parse(readFileSync(new URL('deploy/prometheus/alerts.yml', root), 'utf8'));

const queries = [
  ...dash.panels.filter((p) => p.targets).flatMap((p) => p.targets.map((t) => [`panel "${p.title}"`, t.expr])),
  ...rules.groups.flatMap((g) => g.rules.map((r) => [`alert ${r.alert}`, r.expr])),
];
let refused = 0;
for (const [where, expr] of queries) {
  // What Grafana substitutes for its interval macro at a 15 s scrape interval.
  const q = expr.replaceAll('$__rate_interval', '1m');
  const res = await fetch(`${prom}/api/v1/query?query=${encodeURIComponent(q)}`);
  const body = await res.json();
  if (body.status !== 'success') {
    refused++;
    console.log(`REFUSED ${where}: ${body.error}`);
    continue;
  }
  const n = body.data.result.length;
  const sample = body.data.result
    .slice(0, 3)
    .map((r) => `${JSON.stringify(r.metric)}=${r.value[1]}`)
    .join(' ');
  console.log(`${n ? 'data   ' : 'empty  '} ${where}: ${n} series ${sample}`);
}
process.exit(refused ? 1 : 0);
