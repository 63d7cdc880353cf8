import type { Lang } from '../questionnaire/text';
import type { OffClassRange, TableVariable } from './disclosure-rules';

/**
 * The sentences of `disclosure.suggestion`, in English and Spanish: each names the field, the
 * value and what is allowed, and says what to ask instead. One sentence per failed rule.
 */

const OR: Record<Lang, string> = { en: 'or', es: 'o' };

/** `0, 18, 25 or 60` / `0, 18, 25 o 60`. */
function either(values: readonly (string | number)[], lang: Lang): string {
  const v = values.map(String);
  return v.length <= 1 ? (v[0] ?? '') : `${v.slice(0, -1).join(', ')} ${OR[lang]} ${v[v.length - 1]}`;
}

/** A sentence as written (one that opens with a field name keeps the field's own spelling). */
const sentence = (s: string) => `${s}.`;

export function classificationSuggestion(o: OffClassRange, lang: Lang): string {
  const noun = o.label[lang].toLowerCase();
  const ranges = either(o.allowed.map(([lo, hi]) => `${lo}-${hi}`), lang);
  return sentence(
    lang === 'es'
      ? `${o.given}: una tabla pública filtra por una sola clase pública de ${noun} (${ranges}); agrupe por ${o.dimension} para ver varias; una clave de socio permite cualquier rango`
      : `${o.given}: a public table filters on one public ${noun} class (${ranges}); group by ${o.dimension} to see several; a partner key allows any range`,
  );
}

export function maxVariablesSuggestion(variables: readonly TableVariable[], limit: number, lang: Lang): string {
  const names = variables.map((v) => v.name).join(', ');
  return sentence(
    lang === 'es'
      ? `La tabla combina ${variables.length} variables además de país y ronda (${names}); una tabla pública combina como máximo ${limit}: quite un filtro o una agrupación, o use una clave de socio`
      : `The table combines ${variables.length} variables beyond country and round (${names}); a public table combines at most ${limit}: drop a filter or a grouping, or use a partner key`,
  );
}

export function thresholdSuggestion(k: number, lang: Lang): string {
  return sentence(lang === 'es' ? `Menos de ${k} unidades coinciden con el filtro; amplíe el filtro` : `Fewer than ${k} units match; widen the filter`);
}

/** The sparsity rule's sentence: a survey point can be replaced by its admin-1 area; anything else by fewer or coarser groupings. */
export function sparsitySuggestion(areaDimension: string | null, blocked: number, minShare: number, k: number, lang: Lang): string {
  const pct = `${Math.round(minShare * 100)}%`;
  const where = areaDimension ?? (lang === 'es' ? 'la tabla' : 'the table');
  const instead =
    areaDimension === 'SURVEY_POINT'
      ? lang === 'es'
        ? 'use el área de admin-1 (SURVEY_POINT_REGION) en lugar del punto de monitoreo, o agrupe por menos dimensiones'
        : 'use the admin-1 area (SURVEY_POINT_REGION) instead of the survey point, or group by fewer dimensions'
      : lang === 'es'
        ? 'agrupe por menos dimensiones o por dimensiones más gruesas'
        : 'group by fewer or coarser dimensions';
  return sentence(
    lang === 'es'
      ? `En ${blocked} área(s) de ${where} menos del ${pct} de las unidades publicadas están en grupos de al menos ${k}, así que sus grupos no se listan; ${instead}`
      : `In ${blocked} area(s) of ${where} less than ${pct} of the published units sit in groups of at least ${k}, so their groups are not listed; ${instead}`,
  );
}
