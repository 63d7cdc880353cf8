import * as Plot from '@observablehq/plot';
import { ask } from '../api';
import { chartFrame } from '../chart-frame';
import { legend, roundKey, select, viewForm } from '../controls';
import { PALETTE, type ViewContext } from '../context';
import { h } from '../dom';
import { PagePublishedFiguresDocument, PageRoundsDocument } from '../generated/graphql';

/** A round's published figures beside the same figures computed by the hub, with the tolerance. */
export async function published(ctx: ViewContext): Promise<HTMLElement> {
  const { t, fmt, params } = ctx;
  const { rounds } = await ask({ document: PageRoundsDocument, variables: {} });
  if (!rounds.length) return h('p', {}, t.noData);
  const round = rounds.find((r) => roundKey(r) === params.get('round')) ?? rounds[rounds.length - 1];
  const form = viewForm(ctx, 'published', select('f-round', 'round', t.round, rounds.map((r) => ({ value: roundKey(r), label: `${r.country} ${r.number}` })), roundKey(round)));
  const operation = { document: PagePublishedFiguresDocument, variables: { country: round.country, round: round.number } };
  const { publishedFigures } = await ask(operation);
  const numeric = publishedFigures.filter((f) => f.value !== null);
  const figureName = (f: (typeof numeric)[number]) => (f.breakdown ? `${f.indicator} (${f.breakdown})` : f.indicator);
  const yesNo = (b: boolean | null | undefined) => (b === null || b === undefined ? '–' : b ? t.yes : t.no);
  // The chart draws, for the shares (unit percent) the hub computed, how far its value is from the
  // published one, in percentage points, against the tolerance band; the table lists every numeric figure.
  const drawn = numeric.filter((f) => f.unit === 'percent' && f.computed?.difference != null);
  const outside = `${t.within}: ${t.no}`;
  const inside = `${t.within}: ${t.yes}`;
  const dots = drawn.map((f) => ({ name: figureName(f), difference: f.computed?.difference as number, kind: f.computed?.withinTolerance ? inside : outside }));
  const bands = drawn.map((f) => ({ name: figureName(f), low: -(f.computed?.tolerance ?? 0), high: f.computed?.tolerance ?? 0 }));
  const computed = numeric.filter((f) => f.computed?.withinTolerance != null);
  const kinds = [inside, outside];
  const colors = [PALETTE[0], PALETTE[4]];
  const reach = Math.max(1, ...dots.map((d) => Math.abs(d.difference)), ...bands.map((b) => b.high));
  return h(
    'div',
    {},
    form,
    chartFrame(
      {
        id: 'published',
        title: t.publishedTitle,
        summary: t.publishedSummary(computed.filter((f) => f.computed?.withinTolerance).length, computed.length),
        columns: [
          { label: t.figure },
          { label: t.unit },
          { label: t.publishedValue, format: fmt.dec },
          { label: t.computedValue, format: fmt.dec },
          { label: t.difference, format: fmt.dec },
          { label: t.tolerance, format: fmt.dec },
          { label: t.within },
        ],
        rows: numeric.map((f) => [
          figureName(f),
          f.unit,
          f.value,
          f.computed?.value ?? null,
          f.computed?.difference ?? null,
          f.computed?.tolerance ?? null,
          f.computed ? (f.computed.withheld ? t.withheldShort : yesNo(f.computed.withinTolerance)) : t.notComputed,
        ]),
        draw: drawn.length
          ? () =>
              Plot.plot({
                className: 'plot',
                width: 760,
                height: 50 + 26 * drawn.length,
                marginLeft: 330,
                x: { label: t.differencePoints, grid: true, domain: [-reach, reach], tickFormat: fmt.dec },
                y: { label: null, domain: drawn.map(figureName) },
                color: { domain: kinds, range: colors },
                marks: [
                  Plot.ruleY(bands, { y: 'name', x1: 'low', x2: 'high', stroke: '#9aa5b1', strokeWidth: 10 }),
                  Plot.ruleX([0]),
                  Plot.dot(dots, { x: 'difference', y: 'name', fill: 'kind', r: 5 }),
                ],
              })
          : null,
        legend: legend([...kinds.map((label, i) => ({ label, color: colors[i] })), { label: t.toleranceBand, color: '#9aa5b1' }]),
        operation,
      },
      t,
    ),
  );
}
