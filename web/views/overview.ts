import * as Plot from '@observablehq/plot';
import { ask } from '../api';
import { chartFrame } from '../chart-frame';
import { legend, roundKey } from '../controls';
import { PALETTE, type ViewContext } from '../context';
import { h } from '../dom';
import { PageRoundsDocument } from '../generated/graphql';

/** The rounds of each country: fieldwork, sample by survey point, and the synthetic-data label. */
export async function overview(ctx: ViewContext): Promise<HTMLElement> {
  const { t, fmt } = ctx;
  const operation = { document: PageRoundsDocument, variables: {} };
  const { rounds } = await ask(operation);
  const rows = rounds.flatMap((r) => r.surveyPoints.map((p) => ({ round: `${r.country} ${r.number}`, point: p.name, code: p.code, size: p.sampleSize })));
  const points = [...new Set(rows.map((r) => r.point))];
  const colors = points.map((_, i) => PALETTE[i % PALETTE.length]);
  const total = rounds.reduce((s, r) => s + r.sampleSize, 0);
  const chart = chartFrame(
    {
      id: 'samples',
      title: t.samplesTitle,
      summary: t.samplesSummary(rounds.length, fmt.int(total)),
      columns: [{ label: t.round }, { label: t.surveyPoint }, { label: t.sampleSize, format: fmt.int }],
      rows: rows.map((r) => [r.round, r.point, r.size]),
      draw: rows.length
        ? () =>
            Plot.plot({
              className: 'plot',
              marginLeft: 70,
              width: 760,
              height: 40 + 36 * rounds.length,
              x: { label: t.respondents, grid: true, tickFormat: fmt.int },
              y: { label: null, domain: rounds.map((r) => `${r.country} ${r.number}`) },
              color: { domain: points, range: colors },
              marks: [Plot.barX(rows, Plot.stackX({ x: 'size', y: 'round', fill: 'point', order: null })), Plot.ruleX([0])],
            })
        : null,
      legend: legend(points.map((label, i) => ({ label, color: colors[i] }))),
      operation,
    },
    t,
  );
  const byCountry = new Map<string, typeof rounds>();
  for (const r of rounds) byCountry.set(r.country, [...(byCountry.get(r.country) ?? []), r]);
  const lists = [...byCountry].map(([country, list]) =>
    h(
      'section',
      { class: 'country', 'aria-labelledby': `country-${country}` },
      h('h2', { id: `country-${country}` }, `${t.country}: ${country}`),
      h(
        'ul',
        { class: 'rounds' },
        ...list.map((r) =>
          h(
            'li',
            { class: 'round-card', id: `round-${roundKey(r)}` },
            h('h3', {}, `${t.round} ${r.number}`, ' ', r.dataKind === 'SYNTHETIC_CALIBRATED' ? h('span', { class: 'badge synthetic' }, t.synthetic) : h('span', { class: 'badge' }, t.survey)),
            h('p', { class: 'round-name' }, r.name),
            h(
              'dl',
              {},
              h('dt', {}, t.fieldwork),
              h('dd', {}, h('time', { datetime: r.fieldworkStart }, fmt.date(r.fieldworkStart)), ' – ', h('time', { datetime: r.fieldworkEnd }, fmt.date(r.fieldworkEnd))),
              h('dt', {}, t.sampleSize),
              h('dd', { 'data-value': r.sampleSize }, fmt.int(r.sampleSize)),
              h('dt', {}, t.surveyPoints),
              h('dd', {}, h('ul', {}, ...r.surveyPoints.map((p) => h('li', {}, `${p.name}: ${fmt.int(p.sampleSize)}`)))),
            ),
            r.dataKind === 'SYNTHETIC_CALIBRATED' ? h('p', { class: 'note' }, t.syntheticNote) : null,
            r.caveat ? h('details', { class: 'caveat' }, h('summary', {}, t.caveat), h('p', { lang: 'en' }, r.caveat)) : null,
            r.sourceUrl ? h('p', {}, h('a', { href: r.sourceUrl, rel: 'noopener noreferrer' }, t.roundSource)) : null,
          ),
        ),
      ),
    ),
  );
  return h('div', {}, chart, ...lists);
}
