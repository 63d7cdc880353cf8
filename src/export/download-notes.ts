import { DIMENSIONS, StatsDimension } from '../aggregation/dimensions';
import { DisclosureMethod, type StatsResult } from '../aggregation/stats.types';
import { DataKind } from '../modules/round/round.enums';
import type { Lang } from '../questionnaire/text';

/** What the export asks about each round it covers (GraphQL's `rounds`, enum values as GraphQL names them). */
export interface RoundInfo {
  country: string;
  number: number;
  title: string;
  dataKind: keyof typeof DataKind;
  caveat: string | null;
  sourceUrl: string | null;
}

/** The round's id in URLs and file names, e.g. `PER-4`. */
export const roundKey = (r: Pick<RoundInfo, 'country' | 'number'>) => `${r.country}-${r.number}`;

/** Where the hub serves a round's codebook (docs/codebook.md): DDI Codebook XML in both languages, NADA JSON in the download's. */
export const codebookPaths = (r: Pick<RoundInfo, 'country' | 'number'>, lang: Lang) => ({
  xml: `/codebook/${roundKey(r)}.xml`,
  json: `/codebook/${roundKey(r)}.json?lang=${lang}`,
});

/** Why the listed counts of a table need not add up to its total. */
type Reason = 'MULTI_SELECT' | 'UNLISTED_GROUPS' | 'PERTURBATION' | 'TOTAL_WITHHELD';

const WORDS: Record<
  Lang,
  {
    synthetic: string;
    real: string;
    mixed: string;
    exact: string;
    cellKey: (k: number | null, p: number, median: number | null) => string;
    reasons: Record<Reason, (dims: string) => string>;
    hub: string;
  }
> = {
  en: {
    synthetic: 'Synthetic data: rows generated to reproduce the aggregates IOM published; not IOM microdata, not for individual-level inference.',
    real: 'Real interviews of DTM flow-monitoring rounds.',
    mixed: 'Mixed: some rounds are real interviews, some synthetic (see each round).',
    exact: 'Exact values (partner key): no disclosure control applied.',
    cellKey: (k, p, median) =>
      `Cell-key method: every count (groups, total, unlisted) is perturbed by at most ${p}, the same records always giving the same count; groups of fewer than ${k} units are not listed; means and medians are perturbed (medians only from ${median} values), min and max are never published; a measure is withheld (empty) when fewer than ${k} units have a value.`,
    reasons: {
      MULTI_SELECT: (dims) => `${dims} is multi-select: a unit counts once in every option it selected, so the counts add up to more than the total.`,
      UNLISTED_GROUPS: () => 'Groups below the disclosure threshold, or in areas the sparsity rule blocked, are not listed; the Unlisted column counts their units.',
      PERTURBATION: () => 'Each count and the total are perturbed on their own (cell-key method), so their sum differs from the total by a few units.',
      TOTAL_WITHHELD: () => 'The total is withheld (below the disclosure threshold).',
    },
    hub: 'DTM Hub: computed by the database from the round rows, through the same stats query and disclosure control as GraphQL.',
  },
  es: {
    synthetic:
      'Datos sintéticos: filas generadas para reproducir los agregados que publicó la OIM; no son microdatos de la OIM ni sirven para inferencias sobre individuos.',
    real: 'Entrevistas reales de rondas de monitoreo de flujo de la DTM.',
    mixed: 'Mixto: algunas rondas son entrevistas reales, otras sintéticas (ver cada ronda).',
    exact: 'Valores exactos (clave de socio): sin control de divulgación.',
    cellKey: (k, p, median) =>
      `Método de clave de celda: cada conteo (grupos, total, no listados) se perturba en ${p} como máximo, y los mismos registros dan siempre el mismo conteo; los grupos de menos de ${k} unidades no se listan; medias y medianas se perturban (medianas solo con ${median} valores o más), mínimos y máximos nunca se publican; una medida se omite (vacía) cuando menos de ${k} unidades tienen valor.`,
    reasons: {
      MULTI_SELECT: (dims) => `${dims} es de selección múltiple: una unidad cuenta en cada opción que eligió, así que los conteos suman más que el total.`,
      UNLISTED_GROUPS: () => 'Los grupos bajo el umbral de divulgación, o de áreas bloqueadas por la regla de dispersión, no se listan; la columna No listados cuenta sus unidades.',
      PERTURBATION: () => 'Cada conteo y el total se perturban por separado (clave de celda), así que su suma difiere del total en unas pocas unidades.',
      TOTAL_WITHHELD: () => 'El total se omite (bajo el umbral de divulgación).',
    },
    hub: 'DTM Hub: calculado por la base de datos a partir de las filas de la ronda, con la misma consulta y el mismo control de divulgación que GraphQL.',
  },
};

/**
 * The caveats of a download, which travel with its JSON flavour (the CSV links to them): what
 * kind of data the rounds hold, the disclosure control applied and to which cells, whether the
 * listed counts add up to the total and why not, and the sources.
 */
export function downloadNotes(stats: StatsResult, rounds: readonly RoundInfo[], lang: Lang) {
  const words = WORDS[lang];
  const kinds = new Set(rounds.map((r) => r.dataKind));
  const kind = kinds.size > 1 ? 'mixed' : kinds.has('SURVEY') ? 'real' : 'synthetic';
  const d = stats.disclosure;
  const keysOf = (keys: StatsResult['groups'][number]['keys']) => keys.map((k) => ({ dimension: k.dimension, code: k.code }));
  const withheldMeasures = stats.groups.flatMap((g) => g.measures.filter((m) => m.withheld).map((m) => ({ group: keysOf(g.keys), measure: m.measure })));

  const listedSum = stats.groups.reduce((a, g) => a + (g.count ?? 0), 0);
  const multiSelect = stats.groupBy.filter((n) => DIMENSIONS.get(n as StatsDimension)?.multiSelect);
  const reasons: Reason[] = [];
  if (stats.total === null) reasons.push('TOTAL_WITHHELD');
  if (multiSelect.length > 0) reasons.push('MULTI_SELECT');
  if (stats.unlistedCount !== 0 || d.blockedAreas.length > 0) reasons.push('UNLISTED_GROUPS');
  if (d.method === DisclosureMethod.CELL_KEY) reasons.push('PERTURBATION');
  const addsUp = stats.total !== null && listedSum === stats.total;

  return {
    data: { kind, text: words[kind] },
    rounds: rounds.map((r) => ({
      id: roundKey(r),
      title: r.title,
      dataKind: r.dataKind,
      caveat: r.caveat,
      source: r.sourceUrl,
      codebook: codebookPaths(r, lang),
    })),
    disclosureControl: {
      method: d.method,
      status: d.status,
      text: d.method === DisclosureMethod.EXACT ? words.exact : words.cellKey(d.threshold, d.maxPerturbation, d.medianThreshold),
      threshold: d.threshold,
      maxPerturbation: d.maxPerturbation,
      medianThreshold: d.medianThreshold,
      failedRules: d.failedRules,
      blockedAreas: d.blockedAreas.map((k) => ({ dimension: k.dimension, code: k.code, label: k.label })),
      unlistedCount: stats.unlistedCount,
      withheldMeasures,
    },
    additivity: {
      countsAddUpToTotal: addsUp,
      sumOfListedCounts: listedSum,
      total: stats.total,
      // Only the reasons that apply to this table; partner tables without a multi-select add up.
      reasons: reasons.map((code) => ({ code, text: words.reasons[code](multiSelect.join(', ')) })),
    },
    sources: {
      rounds: rounds.map((r) => ({ round: roundKey(r), title: r.title, url: r.sourceUrl })),
      computation: words.hub,
    },
  };
}

export type DownloadNotes = ReturnType<typeof downloadNotes>;
