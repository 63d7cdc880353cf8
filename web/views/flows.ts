import * as Plot from '@observablehq/plot';
import { ask } from '../api';
import { chartFrame } from '../chart-frame';
import { legend } from '../controls';
import { PALETTE, type ViewContext } from '../context';
import { h } from '../dom';
import { PageFlowsDocument, type PageFlowsQuery, type PageFlowsQueryVariables, type PageSeriesFragment } from '../generated/graphql';
import type { Operation } from '../api';

/** The official series over time: migratory balance, entries and exits, permits. */
export async function flows(ctx: ViewContext): Promise<HTMLElement> {
  const { t } = ctx;
  const country = ctx.params.get('country') ?? 'PER';
  const operation = { document: PageFlowsDocument, variables: { country } };
  const data = await ask(operation);
  const charts = [
    { id: 'flow-balance', title: t.balanceTitle, series: [data.balance] },
    { id: 'flow-entries-exits', title: t.entriesExitsTitle, series: [data.entries, data.exits] },
    { id: 'flow-permits', title: t.permitsTitle, series: [data.ptpIssued, data.ptpInProcess] },
  ];
  return h('div', {}, h('p', { class: 'note' }, t.sourcesNote), ...charts.map((c) => seriesChart(ctx, c.id, c.title, c.series, operation)));
}

function seriesChart(ctx: ViewContext, id: string, title: string, series: PageSeriesFragment[], operation: Operation<PageFlowsQuery, PageFlowsQueryVariables>): HTMLElement {
  const { t, fmt } = ctx;
  const names = series.map((s) => t.indicators[s.indicator] ?? s.indicator);
  const colors = names.map((_, i) => PALETTE[i % PALETTE.length]);
  const points = series.flatMap((s, i) => s.points.map((p) => ({ ...p, name: names[i], date: new Date(`${p.periodStart}T00:00:00Z`) })));
  const dates = points.map((p) => p.periodStart).sort();
  const publishers = [...new Set(points.flatMap((p) => p.sources.map((s) => s.publisher)))].join(', ');
  const summary = points.length ? `${t.flowSummary(points.length, fmt.month(dates[0]), fmt.month(dates[dates.length - 1]))} ${t.source}: ${publishers}.` : t.noFigures;
  return chartFrame(
    {
      id,
      title,
      summary,
      columns: [
        { label: t.indicator },
        { label: t.month },
        { label: t.periodStart },
        { label: t.periodEnd },
        { label: t.persons, format: fmt.int },
        { label: t.publisher },
        { label: t.source },
      ],
      rows: points.map((p) => [
        p.name,
        p.period,
        p.periodStart,
        p.periodEnd,
        p.value,
        p.sources.map((s) => s.publisher).join(', '),
        p.sources.map((s) => s.sourceUrl ?? '').filter(Boolean).join(' '),
      ]),
      draw: points.length
        ? () =>
            Plot.plot({
              className: 'plot',
              width: 760,
              height: 300,
              marginLeft: 70,
              marginRight: 40,
              x: { type: 'utc', label: null, ticks: 6, tickFormat: (d: Date) => fmt.month(d.toISOString().slice(0, 10)) },
              y: { label: t.persons, grid: true, zero: true, tickFormat: fmt.int },
              color: { domain: names, range: colors },
              marks: [
                Plot.ruleY([0]),
                Plot.line(points, { x: 'date', y: 'value', stroke: 'name', strokeWidth: 2 }),
                Plot.dot(points, { x: 'date', y: 'value', fill: 'name', r: 4 }),
              ],
            })
        : null,
      legend: names.length > 1 ? legend(names.map((label, i) => ({ label, color: colors[i] }))) : undefined,
      operation,
    },
    t,
  );
}
