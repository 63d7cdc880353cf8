import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import { Language } from '../common/language';
import type { Context } from '../modules/context';
import { text, type Lang, type Text } from '../questionnaire/text';
import { MEDIAN_MIN_FACTOR } from './disclosure';
import type { DisclosureSettings } from '../config/disclosure-settings';
import { AREA_DIMENSIONS, CLASSIFICATIONS } from './disclosure-rules';
import { DisclosurePolicy } from './disclosure-policy.types';
import { MAX_PERTURBATION } from './ptable';
import { DisclosureMethod, DisclosureRule } from './stats.types';
import { UNITS } from './units';

/** What each rule does, in the order the rules are checked, with the setting that sets it. */
const RULES: readonly { rule: DisclosureRule; setting: keyof DisclosureSettings | null; env: string | null; does: Text }[] = [
  {
    rule: DisclosureRule.CLASSIFICATION,
    setting: null,
    env: null,
    does: text(
      'A range filter (ages, travelling group size) must sit on the boundaries of its public classes (see classifications); otherwise the table is BLOCKED before any statement runs.',
      'Un filtro de rango (edades, tamaño del grupo de viaje) debe caer en los límites de sus clases públicas (ver classifications); si no, la tabla se bloquea (BLOCKED) antes de ejecutar ninguna consulta.',
    ),
  },
  {
    rule: DisclosureRule.MAX_VARIABLES,
    setting: 'maxVariables',
    env: 'DISCLOSURE_MAX_VARIABLES',
    does: text(
      'A table combines at most this many variables beyond country and round: every filter field given (both ends of a range are one) and every grouping; a question filtered and grouped counts once. Over it the table is BLOCKED before any statement runs.',
      'Una tabla combina como máximo este número de variables además de país y ronda: cada campo de filtro dado (los dos extremos de un rango son uno) y cada agrupación; una pregunta filtrada y agrupada cuenta una vez. Por encima, la tabla se bloquea (BLOCKED) antes de ejecutar ninguna consulta.',
    ),
  },
  {
    rule: DisclosureRule.THRESHOLD,
    setting: 'minCell',
    env: 'DISCLOSURE_MIN_CELL',
    does: text(
      'A table whose total is below this threshold (none included) is BLOCKED, so that "none" and "a few" look the same; groups below it are not listed.',
      'Una tabla cuyo total está por debajo de este umbral (cero incluido) se bloquea (BLOCKED), para que "ninguno" y "unos pocos" se vean iguales; los grupos por debajo no se listan.',
    ),
  },
  {
    rule: DisclosureRule.SPARSITY,
    setting: 'minListedShare',
    env: 'DISCLOSURE_MIN_LISTED_SHARE',
    does: text(
      'Per area (see areaDimensions), the groups are listed only when the published counts of its listed groups add up to at least this share of the area\'s own published count; the other areas are named in blockedAreas (PARTIAL), or the table is BLOCKED when no area passes.',
      'Por área (ver areaDimensions), los grupos se listan solo cuando los conteos publicados de sus grupos listados suman al menos esta proporción del conteo publicado del área; las demás áreas se nombran en blockedAreas (PARTIAL), o la tabla se bloquea (BLOCKED) cuando ninguna área pasa.',
    ),
  },
];

/** What partner keys get: the policy says it so that a public caller knows where the rest is. */
const EXACT_ACCESS = text(
  'Partner keys see exact values (method EXACT, status PUBLISHED): every group, free ranges, any number of variables, minimum and maximum.',
  'Las claves de socio ven valores exactos (método EXACT, estado PUBLISHED): todos los grupos, rangos libres, cualquier número de variables, mínimo y máximo.',
);

/** The policy as the hub applies it to public callers, from its settings. */
export function disclosurePolicy(settings: DisclosureSettings, lang: Lang): DisclosurePolicy {
  const k = settings.minCell;
  return {
    method: DisclosureMethod.CELL_KEY,
    threshold: k,
    medianThreshold: MEDIAN_MIN_FACTOR * k,
    maxPerturbation: MAX_PERTURBATION,
    maxVariables: settings.maxVariables,
    minListedShare: settings.minListedShare,
    areaDimensions: [...AREA_DIMENSIONS],
    classifications: CLASSIFICATIONS.map((c) => ({
      filterInput: Object.values(UNITS).find((u) => u.sheet === c.sheet)!.filterInput,
      minField: `${c.field}Min`,
      maxField: `${c.field}Max`,
      label: c.label[lang],
      ranges: c.ranges.map(([min, max]) => ({ min, max })),
      dimension: c.dimension,
    })),
    rules: RULES.map((r) => ({ rule: r.rule, description: r.does[lang], setting: r.env, value: r.setting ? settings[r.setting] : null })),
    exactAccess: EXACT_ACCESS[lang],
  };
}

@Resolver()
export class DisclosurePolicyResolver {
  @Query(() => DisclosurePolicy, {
    description:
      'Every disclosure rule and threshold public stats answers follow (method, threshold k, classifications, variable limit, sparsity rule), and what partner keys get. Public and cacheable.',
  })
  disclosurePolicy(
    @Ctx() ctx: Context,
    @Arg('lang', () => Language, { nullable: true, description: 'Language of the descriptions; default: the `Accept-Language` header (English or Spanish), else English.' })
    lang: Lang | null | undefined,
  ): DisclosurePolicy {
    return disclosurePolicy(ctx.disclosure, lang ?? ctx.lang);
  }
}
