import type { Lang } from '../questionnaire/text';

/** The parts of a stats answer (as GraphQL serialised it) the caveats speak of. */
export interface StatsAnswer {
  total: number | null;
  multiSelect: boolean;
  unlistedCount: number | null;
  disclosure: {
    status: 'PUBLISHED' | 'PARTIAL' | 'BLOCKED';
    method: 'EXACT' | 'CELL_KEY';
    failedRules: string[];
    suggestion: string | null;
    threshold: number | null;
    medianThreshold: number | null;
    maxPerturbation: number;
    blockedAreas: { dimension: string; code: string | null; label: string }[];
  };
}

export interface RoundInfo {
  country: string;
  number: number;
  name: string;
  dataKind: 'SURVEY' | 'SYNTHETIC_CALIBRATED';
  caveat: string | null;
}

const n = (v: number | null) => (v === null ? '?' : v.toLocaleString('en'));
/** A public unlisted count is null below the threshold (none included): say so rather than print nothing. */
const unlisted = (s: StatsAnswer, below: string) => (s.unlistedCount === null ? `${below} ${n(s.disclosure.threshold)}` : n(s.unlistedCount));

/** Each caveat in both languages: said once here, picked by the answer's language. */
const WORDS = {
  synthetic: (r: RoundInfo) => ({
    en: `${r.name} (${r.country} round ${r.number}) is SYNTHETIC_CALIBRATED: rows generated to reproduce the aggregates IOM published, not interviews; do not use it for individual-level inference.`,
    es: `${r.name} (${r.country}, ronda ${r.number}) es SYNTHETIC_CALIBRATED: filas generadas para reproducir los agregados que publicó la OIM, no entrevistas; no la use para inferencias individuales.`,
  }),
  base: (s: StatsAnswer) => ({
    en: `Shares are of the total (${n(s.total)} units matching the filter, non-response included), each with a 95% Wilson interval (ci95); a survey sample, not a census.`,
    es: `Los porcentajes son del total (${n(s.total)} unidades que cumplen el filtro, incluida la no respuesta), cada uno con su intervalo de Wilson al 95% (ci95); una muestra, no un censo.`,
  }),
  multiSelect: {
    en: 'A grouped question is multi-select: a unit counts once per option it chose, so shares add up to more than 1. Never add the groups up.',
    es: 'Una pregunta agrupada es de opción múltiple: cada unidad cuenta una vez por opción elegida, y los porcentajes suman más de 1. No sume los grupos.',
  },
  cellKey: (s: StatsAnswer) => ({
    en: `Public figures (cell-key method): each count may differ from the exact count by up to ${s.disclosure.maxPerturbation}; groups under ${n(s.disclosure.threshold)} units are not listed (${unlisted(s, 'fewer than')} units sit in unlisted groups); medians need ${n(s.disclosure.medianThreshold)} values.`,
    es: `Cifras públicas (método cell-key): cada conteo puede diferir del exacto hasta en ${s.disclosure.maxPerturbation}; los grupos de menos de ${n(s.disclosure.threshold)} unidades no se listan (${unlisted(s, 'menos de')} unidades están en grupos no listados); las medianas necesitan ${n(s.disclosure.medianThreshold)} valores.`,
  }),
  partial: (s: StatsAnswer) => ({
    en: `PARTIAL: these areas failed the sparsity rule and are not listed: ${s.disclosure.blockedAreas.map((a) => a.label).join(', ')}.`,
    es: `PARTIAL: estas zonas no cumplen la regla de dispersión y no se listan: ${s.disclosure.blockedAreas.map((a) => a.label).join(', ')}.`,
  }),
  blocked: (s: StatsAnswer) => ({
    en: `BLOCKED by disclosure control (rules failed: ${s.disclosure.failedRules.join(', ')}); no number of this table is published.`,
    es: `BLOCKED por el control de divulgación (reglas no cumplidas: ${s.disclosure.failedRules.join(', ')}); no se publica ninguna cifra de esta tabla.`,
  }),
};

/** What a reader of these numbers must know: the data kind of each round counted, the base, the disclosure control. */
export function statsCaveats(stats: StatsAnswer, rounds: readonly RoundInfo[], lang: Lang): string[] {
  const lines = [
    ...rounds.filter((r) => r.dataKind === 'SYNTHETIC_CALIBRATED').map((r) => WORDS.synthetic(r)[lang]),
    ...rounds.filter((r) => r.caveat).map((r) => `${r.name}: ${r.caveat}`),
    WORDS.base(stats)[lang],
  ];
  if (stats.multiSelect) lines.push(WORDS.multiSelect[lang]);
  if (stats.disclosure.method === 'CELL_KEY') lines.push(WORDS.cellKey(stats)[lang]);
  if (stats.disclosure.status === 'PARTIAL') lines.push(WORDS.partial(stats)[lang]);
  if (stats.disclosure.suggestion) lines.push(stats.disclosure.suggestion);
  return lines;
}

/** Why a BLOCKED table answers no numbers, with what to ask instead. */
export function blockedReason(stats: StatsAnswer, lang: Lang): string {
  return [WORDS.blocked(stats)[lang], stats.disclosure.suggestion].filter(Boolean).join(' ');
}
