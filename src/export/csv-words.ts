import { StatsUnit } from '../aggregation/units';
import type { Lang } from '../questionnaire/text';

/** The fixed words of a stats CSV's header row, per language (dimension and measure names come from the questionnaire). */
export interface CsvWords {
  code: string;
  count: Record<StatsUnit, string>;
  share: string;
  ciLow: string;
  ciHigh: string;
  stat: Record<'n' | 'mean' | 'median' | 'min' | 'max', string>;
  total: Record<StatsUnit, string>;
  disclosure: string;
}

export const CSV_WORDS: Record<Lang, CsvWords> = {
  en: {
    code: 'code',
    count: { [StatsUnit.RESPONDENT]: 'Respondents', [StatsUnit.HOUSEHOLD]: 'Households', [StatsUnit.CHILD]: 'Children' },
    share: 'Share',
    ciLow: 'Share 95% CI low',
    ciHigh: 'Share 95% CI high',
    stat: { n: 'n', mean: 'mean', median: 'median', min: 'min', max: 'max' },
    total: {
      [StatsUnit.RESPONDENT]: 'Total respondents (base of the share)',
      [StatsUnit.HOUSEHOLD]: 'Total households (base of the share)',
      [StatsUnit.CHILD]: 'Total children (base of the share)',
    },
    disclosure: 'Disclosure control',
  },
  es: {
    code: 'código',
    count: {
      [StatsUnit.RESPONDENT]: 'Personas encuestadas',
      [StatsUnit.HOUSEHOLD]: 'Hogares',
      [StatsUnit.CHILD]: 'Niños, niñas y adolescentes',
    },
    share: 'Proporción',
    ciLow: 'Proporción, IC 95% inferior',
    ciHigh: 'Proporción, IC 95% superior',
    stat: { n: 'n', mean: 'media', median: 'mediana', min: 'mínimo', max: 'máximo' },
    total: {
      [StatsUnit.RESPONDENT]: 'Total de personas encuestadas (base de la proporción)',
      [StatsUnit.HOUSEHOLD]: 'Total de hogares (base de la proporción)',
      [StatsUnit.CHILD]: 'Total de niños, niñas y adolescentes (base de la proporción)',
    },
    disclosure: 'Control de divulgación',
  },
};
