import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, REPO_ROOT, type BrumeServer } from '../index';

/** PromQL words that are not metric names (functions are told apart by the `(` after them). */
const KEYWORDS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'bool',
  'and',
  'or',
  'unless',
  'offset',
]);
/** Series a histogram or summary exposes beside its own name. */
const SUFFIXES = ['_bucket', '_sum', '_count'];

/** The metric names an expression reads: label matchers, ranges, strings and grouping removed. */
function metricNamesOf(expression: string): string[] {
  const bare = expression
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, '')
    // Numbers and durations (0.95, 1e9, 5m).
    .replace(/\b\d[\w.]*/g, '');
  const names = new Set<string>();
  for (const match of bare.matchAll(/[a-zA-Z_:][\w:]*/g)) {
    const word = match[0];
    const after = bare.slice((match.index ?? 0) + word.length).trimStart();
    if (KEYWORDS.has(word) || after.startsWith('(')) continue;
    names.add(word);
  }
  return [...names];
}

interface Panel {
  title: string;
  targets?: { expr: string }[];
}

describe('the sample Grafana dashboard (server/grafana/brume.json)', () => {
  let server: BrumeServer;
  let registered: Set<string>;
  const dashboard = JSON.parse(readFileSync(`${REPO_ROOT}/server/grafana/brume.json`, 'utf8')) as {
    panels: Panel[];
  };

  beforeAll(async () => {
    server = await createServer({ port: 0, host: '127.0.0.1', logLevel: 'silent' });
    registered = new Set((await server.metrics.registry.getMetricsAsJSON()).map((metric) => metric.name));
  });
  afterAll(() => server.close());

  it('reads only metrics the relay registers', () => {
    const expressions = dashboard.panels.flatMap((panel) =>
      (panel.targets ?? []).map((target) => ({ panel: panel.title, expr: target.expr })),
    );
    expect(expressions.length).toBeGreaterThan(10);
    for (const { panel, expr } of expressions) {
      const names = metricNamesOf(expr);
      expect(names.length, `${panel}: ${expr}`).toBeGreaterThan(0);
      for (const name of names) {
        const base = SUFFIXES.reduce(
          (n, suffix) =>
            n.endsWith(suffix) && registered.has(n.slice(0, -suffix.length)) ? n.slice(0, -suffix.length) : n,
          name,
        );
        expect(registered.has(base), `${panel}: ${name} is not a registered metric`).toBe(true);
      }
    }
  });

  it('shows every brume_ metric the relay registers somewhere', () => {
    const used = new Set(
      dashboard.panels.flatMap((panel) =>
        (panel.targets ?? []).flatMap((target) => metricNamesOf(target.expr)),
      ),
    );
    const brume = [...registered].filter((name) => name.startsWith('brume_'));
    const shown = (name: string) => used.has(name) || SUFFIXES.some((suffix) => used.has(name + suffix));
    expect(brume.filter((name) => !shown(name))).toEqual([]);
  });

  it('finds metric names in PromQL and nothing else', () => {
    expect(
      metricNamesOf(
        'histogram_quantile(0.95, sum by (le, kind) (rate(brume_part_production_lag_seconds_bucket[5m])))',
      ),
    ).toEqual(['brume_part_production_lag_seconds_bucket']);
    expect(metricNamesOf('process_resident_memory_bytes / 1e9 + on(job) up{job="x"} offset 5m')).toEqual([
      'process_resident_memory_bytes',
      'up',
    ]);
  });
});
