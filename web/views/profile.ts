import * as Plot from '@observablehq/plot';
import { ask, type Operation } from '../api';
import { chartFrame } from '../chart-frame';
import { legend, roundKey, select, viewForm } from '../controls';
import { PALETTE, type ViewContext } from '../context';
import { h } from '../dom';
import {
  PageRespondentSharesDocument,
  PageRoundsDocument,
  type PageRespondentSharesQuery,
  type PageRespondentSharesQueryVariables,
  type StatsDimension,
} from '../generated/graphql';

type Shares = PageRespondentSharesQuery['respondentStats'];
type SharesOperation = Operation<PageRespondentSharesQuery, PageRespondentSharesQueryVariables>;

/** Dimensions that make no breakdown within one round. */
const NOT_OFFERED = new Set(['COUNTRY', 'ROUND']);
const DEFAULT_DIMENSION = 'REASON_FOR_LEAVING';

/** A round's respondents by any public dimension (shares, 95% intervals, base, non-response, disclosure) and by sex and age band. */
export async function profile(ctx: ViewContext): Promise<HTMLElement> {
  const { t, params, lang } = ctx;
  const { rounds } = await ask({ document: PageRoundsDocument, variables: {} });
  if (!rounds.length) return h('p', {}, t.noData);
  const round = rounds.find((r) => roundKey(r) === params.get('round')) ?? rounds[rounds.length - 1];
  const point = round.surveyPoints.find((p) => p.code === params.get('point'))?.code ?? '';
  const dims = ctx.dimensions.filter((d) => !NOT_OFFERED.has(d.name));
  const dim = dims.find((d) => d.name === params.get('dim')) ?? dims.find((d) => d.name === DEFAULT_DIMENSION) ?? dims[0];
  const form = viewForm(
    ctx,
    'profile',
    select('f-round', 'round', t.round, rounds.map((r) => ({ value: roundKey(r), label: `${r.country} ${r.number}` })), roundKey(round)),
    select('f-point', 'point', t.surveyPoint, [{ value: '', label: t.allPoints }, ...round.surveyPoints.map((p) => ({ value: p.code, label: p.name }))], point),
    select('f-dim', 'dim', t.dimension, dims.map((d) => ({ value: d.name, label: d.label[lang] })), dim.name),
  );
  const filter = { country: round.country, round: round.number, ...(point ? { surveyPoint: point } : {}) };
  const language = lang === 'es' ? 'ES' : 'EN';
  const sharesOp: SharesOperation = { document: PageRespondentSharesDocument, variables: { filter, groupBy: [dim.name as StatsDimension], lang: language } };
  const pyramidOp: SharesOperation = { document: PageRespondentSharesDocument, variables: { filter, groupBy: ['AGE_BAND', 'SEX'], lang: language } };
  const [shares, pyramid] = await Promise.all([ask(sharesOp), ask(pyramidOp)]);
  return h(
    'div',
    {},
    form,
    sharesChart(ctx, dim.label[lang], shares.respondentStats, sharesOp),
    disclosurePanel(ctx, shares.respondentStats, 'shares'),
    pyramidChart(ctx, pyramid.respondentStats, pyramidOp),
    disclosurePanel(ctx, pyramid.respondentStats, 'pyramid'),
  );
}

function sharesChart(ctx: ViewContext, dimLabel: string, stats: Shares, operation: SharesOperation): HTMLElement {
  const { t, fmt } = ctx;
  const rows = stats.groups.map((g) => ({ label: g.keys[0].label, code: g.keys[0].code, count: g.count, share: g.share, low: g.ci95?.low ?? null, high: g.ci95?.high ?? null }));
  const blocked = stats.disclosure.status === 'BLOCKED';
  return chartFrame(
    {
      id: 'shares',
      title: t.sharesTitle(dimLabel),
      summary: blocked ? t.status.BLOCKED : t.sharesSummary(rows.length, stats.total === null ? '–' : fmt.int(stats.total)),
      columns: [
        { label: t.group },
        { label: t.count, format: fmt.int },
        { label: t.share, format: fmt.pct },
        { label: t.ciLow, format: fmt.pct },
        { label: t.ciHigh, format: fmt.pct },
      ],
      rows: rows.map((r) => [r.label, r.count, r.share, r.low, r.high]),
      draw:
        rows.length && !blocked
          ? () =>
              Plot.plot({
                className: 'plot',
                width: 760,
                height: 50 + 28 * rows.length,
                marginLeft: 230,
                x: { label: t.share, grid: true, tickFormat: fmt.pct, domain: [0, Math.max(...rows.map((r) => r.high ?? r.share ?? 0))] },
                y: { label: null, domain: rows.map((r) => r.label) },
                marks: [
                  Plot.barX(rows, { x: 'share', y: 'label', fill: PALETTE[0] }),
                  Plot.ruleY(rows, { y: 'label', x1: 'low', x2: 'high', stroke: '#111', strokeWidth: 2 }),
                  Plot.tickX(rows, { y: 'label', x: 'low', stroke: '#111' }),
                  Plot.tickX(rows, { y: 'label', x: 'high', stroke: '#111' }),
                  Plot.ruleX([0]),
                ],
              })
          : null,
      operation,
    },
    t,
  );
}

function pyramidChart(ctx: ViewContext, stats: Shares, operation: SharesOperation): HTMLElement {
  const { t, fmt } = ctx;
  const rows = stats.groups.map((g) => {
    const [age, sex] = g.keys;
    return { age: age.label, sexCode: sex.code, sex: sex.label, count: g.count, share: g.share };
  });
  const ages = [...new Set(rows.map((r) => r.age))];
  const sexes = [...new Set(rows.map((r) => r.sex))];
  const colors = sexes.map((_, i) => PALETTE[i + 1]);
  return chartFrame(
    {
      id: 'pyramid',
      title: t.pyramidTitle,
      summary: t.pyramidSummary(rows.length),
      columns: [{ label: t.ageBand }, { label: t.sex }, { label: t.count, format: fmt.int }, { label: t.share, format: fmt.pct }],
      rows: rows.map((r) => [r.age, r.sex, r.count, r.share]),
      draw:
        rows.length && stats.disclosure.status !== 'BLOCKED'
          ? () =>
              Plot.plot({
                className: 'plot',
                width: 760,
                height: 60 + 34 * ages.length,
                marginLeft: 110,
                x: { label: `← ${t.men} · ${t.percent} · ${t.women} →`, labelAnchor: 'center', grid: true, tickFormat: (v: number) => fmt.pct(Math.abs(v)) },
                y: { label: null, domain: [...ages].reverse() },
                color: { domain: sexes, range: colors },
                marks: [
                  Plot.barX(rows, { x: (r: (typeof rows)[number]) => (r.sexCode === 'male' ? -(r.share ?? 0) : r.share ?? 0), y: 'age', fill: 'sex' }),
                  Plot.ruleX([0]),
                ],
              })
          : null,
      legend: legend(sexes.map((label, i) => ({ label, color: colors[i] }))),
      operation,
    },
    t,
  );
}

/** The base, non-response and disclosure status of a table; a blocked or partial table says why and what to ask instead. */
function disclosurePanel(ctx: ViewContext, stats: Shares, id: string): HTMLElement {
  const { t, fmt } = ctx;
  const d = stats.disclosure;
  const rows: [string, Node | string][] = [
    [t.base, stats.total === null ? t.withheld : fmt.int(stats.total)],
    ...stats.nonResponse.map((n): [string, string] => [`${t.nonResponse} (${ctx.dimensions.find((x) => x.name === n.dimension)?.label[ctx.lang] ?? n.dimension})`, n.count === null ? t.withheld : fmt.int(n.count)]),
    [t.unlisted, stats.unlistedCount === null ? t.withheld : fmt.int(stats.unlistedCount)],
    [t.disclosure, h('strong', { class: `status status-${d.status.toLowerCase()}` }, t.status[d.status] ?? d.status)],
  ];
  if (d.failedRules.length) rows.push([t.failedRules, d.failedRules.map((r) => `${t.rules[r] ?? r} (${r})`).join(', ')]);
  if (d.blockedAreas.length) rows.push([t.blockedAreas, d.blockedAreas.map((a) => a.label).join(', ')]);
  if (d.suggestion) rows.push([t.askInstead, d.suggestion]);
  return h(
    'div',
    { class: 'disclosure', id: `${id}-disclosure`, role: d.status === 'PUBLISHED' ? null : 'status' },
    h('dl', {}, ...rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
    h('p', { class: 'note' }, t.disclosureNote(d.threshold, d.maxPerturbation)),
  );
}
