import type { StatsUnit } from '../aggregation/units';
import type { Lang } from '../questionnaire/text';
import { UNIT_DECLARATIONS, UNIT_NAMES } from '../questionnaire/units';

/** The fixed words of a stats CSV's header row, per language (dimension and measure names come from the questionnaire). */
export interface CsvWords {
  code: string;
  /** What each stats query counts, as a plural noun. */
  noun: Record<StatsUnit, string>;
  share: string;
  ciLow: string;
  ciHigh: string;
  stat: Record<'n' | 'mean' | 'median' | 'min' | 'max', string>;
  total: (noun: string) => string;
  disclosure: string;
  /** Units in groups that are not listed (StatsResult.unlistedCount). */
  unlisted: string;
  /** The disclosure rules' verdict (PUBLISHED, PARTIAL). */
  status: string;
  /** The 403 sentence of a BLOCKED table, before its suggestion. */
  blocked: (rules: readonly string[]) => string;
}

/** What each unit is called in a language (questionnaire/units.ts), as the error messages call it too. */
const nouns = (lang: Lang) => Object.fromEntries(UNIT_NAMES.map((u) => [u, UNIT_DECLARATIONS[u].noun[lang]])) as Record<StatsUnit, string>;

export const CSV_WORDS: Record<Lang, CsvWords> = {
  en: {
    code: 'code',
    noun: nouns('en'),
    share: 'Share (%)',
    ciLow: 'Share (%), 95% CI low',
    ciHigh: 'Share (%), 95% CI high',
    stat: { n: 'n', mean: 'mean', median: 'median', min: 'min', max: 'max' },
    total: (noun) => `Total ${noun} (base of the share)`,
    disclosure: 'Disclosure control',
    unlisted: 'Unlisted',
    status: 'Disclosure status',
    blocked: (rules) => `This table is not published for public callers: it fails the disclosure rule ${rules.join(' and ')}.`,
  },
  es: {
    code: 'código',
    noun: nouns('es'),
    share: 'Porcentaje',
    ciLow: 'Porcentaje, IC 95% inferior',
    ciHigh: 'Porcentaje, IC 95% superior',
    stat: { n: 'n', mean: 'media', median: 'mediana', min: 'mínimo', max: 'máximo' },
    total: (noun) => `Total de ${noun} (base del porcentaje)`,
    disclosure: 'Control de divulgación',
    unlisted: 'No listados',
    status: 'Estado de divulgación',
    blocked: (rules) => `Esta tabla no se publica para el público: no cumple la regla de divulgación ${rules.join(' y ')}.`,
  },
};
