import { Weighted } from './random';

/**
 * What each round bundle is made of. Figures that IOM (or the press restating IOM) published are
 * reproduced exactly (see seeds/reference/published-figures.json); everything else is a plausible
 * value chosen for the synthetic data and says so in the round's caveat.
 */

export type PointCode = 'cebaf_tumbes' | 'santa_rosa_tacna' | 'lima_flow' | 'tacna_chile_consulate';

export interface SurveyPoint {
  code: PointCode;
  name: string;
  kind: 'border_control_point' | 'urban_flow_point';
  direction: 'entry' | 'exit' | 'both';
  admin1Pcode: string;
  borderWith: string | null;
}

export const SURVEY_POINTS: Record<PointCode, SurveyPoint> = {
  cebaf_tumbes: {
    code: 'cebaf_tumbes',
    name: 'CEBAF Tumbes (Peru-Ecuador border)',
    kind: 'border_control_point',
    direction: 'entry',
    admin1Pcode: 'PE24',
    borderWith: 'ECU',
  },
  santa_rosa_tacna: {
    code: 'santa_rosa_tacna',
    name: 'Santa Rosa border post, Tacna (Peru-Chile border)',
    kind: 'border_control_point',
    direction: 'exit',
    admin1Pcode: 'PE23',
    borderWith: 'CHL',
  },
  lima_flow: {
    code: 'lima_flow',
    name: 'Flow points in Metropolitan Lima',
    kind: 'urban_flow_point',
    direction: 'both',
    admin1Pcode: 'PE15',
    borderWith: null,
  },
  tacna_chile_consulate: {
    code: 'tacna_chile_consulate',
    name: 'Around the Chilean consulate, Tacna',
    kind: 'urban_flow_point',
    direction: 'exit',
    admin1Pcode: 'PE23',
    borderWith: null,
  },
};

/** An inclusive integer range [min, max]. */
export type Range = readonly [number, number];

/** The travelling children of one group of respondents, fixed child by child (Round 4, Tumbes). */
export interface ExactChildren {
  /** How many households travel with 1, 2, 3... children. */
  householdsByChildren: ReadonlyArray<Weighted<number>>;
  /** Age groups; within a group, `school` levels go to the youngest children first, in the order listed. */
  ageGroups: ReadonlyArray<{ ages: Range; count: number; school: ReadonlyArray<Weighted<string | null>> }>;
  boys: number;
  girls: number;
  emotionalChangesYes: number;
}

export interface PointPlan {
  code: PointCode;
  respondents: number;
  /** ISO3 of the intended final destination. */
  destinations: ReadonlyArray<Weighted<string>>;
  /** Peruvian department of those going to Peru. */
  peruRegions: ReadonlyArray<Weighted<string>>;
  documents: ReadonlyArray<Weighted<string>>;
  /** PTP status of those for whom the permit is a question (going to Peru, or living in Peru for a month or more). */
  ptp: ReadonlyArray<Weighted<string>>;
  stayedOver30DaysPct: number;
  /** Respondents who have been in Peru (exits, Lima): months by band for those who stayed over 30 days. */
  monthsInPeru?: { stayed: ReadonlyArray<Weighted<Range>>; notStayed: Range };
  /** Among respondents who have been in Peru for a month or more. */
  workedPct?: number;
  income?: {
    /** USD bands, drawn to the cent. */
    bands: ReadonlyArray<Weighted<Range>>;
    /** Share of workers who gave an income. */
    reportedPct: number;
    /** Women's incomes are multiplied by this (ignored when calibrated). */
    femaleFactor: number;
    /** Rescale each sex so that the mean and the gap are exactly these. */
    calibrate?: { meanUsd: number; womenBelowMenPct: number };
  };
  /** Among those who stayed over 30 days in a city. */
  discriminatedPct: number;
  children: { householdsPct: number } | { exact: ExactChildren };
}

export interface RoundPlan {
  number: number;
  fieldworkStart: string;
  fieldworkEnd: string;
  publishedOn: string;
  sourceUrl: string;
  /** The published figures the bundle reproduces, for the caveat. */
  calibratedTo: string[];
  /** Choices made where nothing was published, for the caveat. */
  assumptions: string[];
  points: PointPlan[];
  sex: ReadonlyArray<Weighted<'male' | 'female'>>;
  ageBands: ReadonlyArray<Weighted<Range>>;
  origin: ReadonlyArray<Weighted<string>>;
  education: ReadonlyArray<Weighted<string>>;
  employedBeforeLeavingPct: number;
  reasons: ReadonlyArray<Weighted<string>>;
  travelDays: ReadonlyArray<Weighted<Range>>;
  tripCostUsd: ReadonlyArray<Weighted<Range>>;
  /** Share of all respondents who suffered violence, and the share of victims per type (multi-select). */
  violence: { victimsPct: number; types: ReadonlyArray<Weighted<string>> };
}

/** The named shares as given, the other entries scaled to fill up to 100. */
function withRest(named: ReadonlyArray<Weighted<string>>, rest: ReadonlyArray<Weighted<string>>): Weighted<string>[] {
  const namedTotal = named.reduce((s, [, w]) => s + w, 0);
  const restTotal = rest.reduce((s, [, w]) => s + w, 0);
  return [...named, ...rest.map(([v, w]): Weighted<string> => [v, (w * (100 - namedTotal)) / restTotal])];
}

/** Venezuelan states other than the seven most frequent, relative weights. */
const OTHER_STATES: Weighted<string>[] = [
  ['Aragua', 9],
  ['Miranda', 9],
  ['Bolívar', 7],
  ['Monagas', 6],
  ['Falcón', 5],
  ['Sucre', 4.5],
  ['Barinas', 4],
  ['Portuguesa', 4],
  ['Trujillo', 3],
  ['Yaracuy', 3],
  ['Guárico', 3],
  ['Vargas', 2.5],
  ['Nueva Esparta', 2],
  ['Apure', 1.5],
  ['Cojedes', 1.5],
  ['Delta Amacuro', 0.5],
  ['Amazonas', 0.5],
];

/** Round 1 had Distrito Capital and Táchira at 15.8% each and Carabobo at 12.8%. */
const ORIGIN_DEFAULT = withRest(
  [
    ['Distrito Capital', 16],
    ['Carabobo', 11],
    ['Táchira', 10],
    ['Lara', 9],
    ['Zulia', 7],
    ['Mérida', 5.5],
    ['Anzoátegui', 5.5],
  ],
  OTHER_STATES,
);

const AGE_DEFAULT: Weighted<Range>[] = [
  [[18, 24], 24],
  [[25, 29], 26],
  [[30, 34], 19],
  [[35, 39], 12],
  [[40, 49], 12],
  [[50, 59], 5.5],
  [[60, 70], 1.5],
];

const EDUCATION_DEFAULT: Weighted<string>[] = [
  ['none', 0.5],
  ['primary', 4.5],
  ['secondary', 34],
  ['technical', 24],
  ['university', 35],
  ['postgraduate', 2],
];

const REASONS_DEFAULT: Weighted<string>[] = [
  ['economic', 56],
  ['lack_of_work', 12],
  ['insecurity', 10],
  ['food_medicine', 9],
  ['family_reunification', 7],
  ['health', 4],
  ['other', 2],
];

const TRAVEL_DAYS_DEFAULT: Weighted<Range>[] = [
  [[2, 4], 20],
  [[5, 7], 48],
  [[8, 10], 22],
  [[11, 15], 8],
  [[16, 30], 2],
];

/** Mean about 285 USD, most trips between 100 and 600 USD. */
const TRIP_COST_DEFAULT: Weighted<Range>[] = [
  [[60, 119], 8],
  [[120, 179], 15],
  [[180, 249], 25],
  [[250, 329], 24],
  [[330, 449], 16],
  [[450, 599], 9],
  [[600, 900], 3],
];

const VIOLENCE_DEFAULT = {
  victimsPct: 14,
  types: [
    ['verbal', 60],
    ['physical', 35],
    ['sexual', 8],
    ['robbery', 25],
  ] as Weighted<string>[],
};

const DOCUMENTS_DEFAULT: Weighted<string>[] = [
  ['national_id', 58],
  ['passport', 38],
  ['andean_migration_card', 2],
  ['other', 2],
];

/** Strictly decreasing from Lima to Tumbes, so that Round 4's published ranking holds. */
const PERU_REGIONS_ENTRANTS: Weighted<string>[] = [
  ['Lima', 52],
  ['La Libertad', 12],
  ['Arequipa', 9],
  ['Áncash', 7],
  ['Tumbes', 5.5],
  ['Piura', 4],
  ['Lambayeque', 3],
  ['Ica', 2.5],
  ['Callao', 2],
  ['Cusco', 1.5],
  ['Junín', 1],
  ['Cajamarca', 0.5],
];

const PERU_REGIONS_LIMA_RESIDENTS: Weighted<string>[] = [
  ['Lima', 94],
  ['Callao', 3],
  ['Arequipa', 1.5],
  ['La Libertad', 1.5],
];

/** Entrants to Peru before the PTP cut-off (entry by 31 Oct 2018) who intend to stay. */
const PTP_ENTRANTS_ELIGIBLE: Weighted<string>[] = [
  ['will_apply', 80],
  ['asylum_seeker', 8],
  ['not_applying', 12],
];

/** Entrants after the PTP cut-off: asylum is the open route. */
const PTP_ENTRANTS_AFTER_CUTOFF: Weighted<string>[] = [
  ['asylum_seeker', 45],
  ['will_apply', 15],
  ['not_applying', 40],
];

const PTP_LEAVING: Weighted<string>[] = [
  ['has_ptp', 10],
  ['in_process', 12],
  ['not_applying', 73],
  ['asylum_seeker', 5],
];

const MONTHS_EXITS: Weighted<Range>[] = [
  [[1, 3], 45],
  [[4, 6], 30],
  [[7, 12], 20],
  [[13, 18], 5],
];

/** Workers' monthly income in Peru, USD. */
const INCOME_BANDS_DEFAULT: Weighted<Range>[] = [
  [[100, 199], 15],
  [[200, 299], 35],
  [[300, 399], 28],
  [[400, 599], 17],
  [[600, 900], 5],
];

const INCOME_DEFAULT = { bands: INCOME_BANDS_DEFAULT, reportedPct: 97, femaleFactor: 0.85 };

const DESTINATIONS_TACNA_DEFAULT: Weighted<string>[] = [
  ['CHL', 80],
  ['ARG', 15],
  ['BOL', 3],
  ['URY', 2],
];

const CAVEAT_COMMON =
  'Synthetic microdata generated to reproduce the aggregates IOM published for this round. ' +
  'It is not IOM microdata: no row is a real interview, and it must not be used for individual-level ' +
  'inference, nor for any figure other than those it is calibrated to (other variables and all ' +
  'cross-tabulations only look plausible).';

export function caveat(plan: RoundPlan): string {
  const parts = [CAVEAT_COMMON, `Calibrated to: ${plan.calibratedTo.join('; ')}.`];
  if (plan.assumptions.length > 0) parts.push(`Not published, chosen for the synthetic data: ${plan.assumptions.join('; ')}.`);
  return parts.join(' ');
}

const ROUND_2: RoundPlan = {
  number: 2,
  fieldworkStart: '2018-01-22',
  fieldworkEnd: '2018-02-23',
  publishedOn: '2018-03-28',
  sourceUrl: 'https://dtm.iom.int/fr/reports/peru-%E2%80%94-migration-flows-venezuela-round-2-december-2017%E2%80%94-january-2018',
  calibratedTo: [
    'sample size 2,760',
    '73% of respondents under 35',
    'reasons for leaving: economic 57.9%, lack of work 10.9%, insecurity 9.8%, lack of food and medicine 8.3%',
    '80% travelled 1 to 7 days',
    'average trip cost between USD 180 and 330',
  ],
  assumptions: [
    'the split of the sample between CEBAF Tumbes (1,300), Santa Rosa (760) and Lima (700)',
    'the reasons-for-leaving figures are attributed to this round by the press (uncertain)',
  ],
  points: [
    {
      code: 'cebaf_tumbes',
      respondents: 1300,
      destinations: [
        ['PER', 68],
        ['CHL', 22],
        ['ARG', 8],
        ['BOL', 1],
        ['URY', 1],
      ],
      peruRegions: PERU_REGIONS_ENTRANTS,
      documents: DOCUMENTS_DEFAULT,
      ptp: PTP_ENTRANTS_ELIGIBLE,
      stayedOver30DaysPct: 28,
      discriminatedPct: 40,
      children: { householdsPct: 22 },
    },
    {
      code: 'santa_rosa_tacna',
      respondents: 760,
      destinations: [
        ['CHL', 76],
        ['ARG', 20],
        ['BOL', 2],
        ['URY', 1],
        ['PRY', 1],
      ],
      peruRegions: [],
      documents: DOCUMENTS_DEFAULT,
      ptp: PTP_LEAVING,
      stayedOver30DaysPct: 60,
      monthsInPeru: { stayed: MONTHS_EXITS, notStayed: [0, 0] },
      workedPct: 70,
      income: INCOME_DEFAULT,
      discriminatedPct: 38,
      children: { householdsPct: 12 },
    },
    {
      code: 'lima_flow',
      respondents: 700,
      destinations: [
        ['PER', 94],
        ['CHL', 3],
        ['ARG', 3],
      ],
      peruRegions: PERU_REGIONS_LIMA_RESIDENTS,
      documents: DOCUMENTS_DEFAULT,
      ptp: [
        ['has_ptp', 15],
        ['in_process', 20],
        ['will_apply', 40],
        ['asylum_seeker', 15],
        ['not_applying', 10],
      ],
      stayedOver30DaysPct: 92,
      monthsInPeru: {
        stayed: [
          [[1, 3], 35],
          [[4, 6], 33],
          [[7, 12], 27],
          [[13, 24], 5],
        ],
        notStayed: [0, 0],
      },
      workedPct: 78,
      income: INCOME_DEFAULT,
      discriminatedPct: 36,
      children: { householdsPct: 25 },
    },
  ],
  sex: [
    ['male', 58],
    ['female', 42],
  ],
  ageBands: [
    [[18, 24], 26],
    [[25, 29], 27],
    [[30, 34], 20],
    [[35, 39], 11],
    [[40, 49], 10],
    [[50, 59], 4.5],
    [[60, 70], 1.5],
  ],
  origin: ORIGIN_DEFAULT,
  education: EDUCATION_DEFAULT,
  employedBeforeLeavingPct: 78,
  reasons: [
    ['economic', 57.9],
    ['lack_of_work', 10.9],
    ['insecurity', 9.8],
    ['food_medicine', 8.3],
    ['family_reunification', 7.6],
    ['health', 3.5],
    ['other', 2],
  ],
  travelDays: [
    [[2, 4], 27],
    [[5, 7], 53],
    [[8, 10], 13],
    [[11, 15], 5.5],
    [[16, 30], 1.5],
  ],
  tripCostUsd: TRIP_COST_DEFAULT,
  violence: VIOLENCE_DEFAULT,
};

const ROUND_3: RoundPlan = {
  number: 3,
  fieldworkStart: '2018-06-18',
  fieldworkEnd: '2018-07-20',
  publishedOn: '2018-08-30',
  sourceUrl: 'https://diariolavoz.net/?p=384399',
  calibratedTo: [
    'state of origin: Distrito Capital 17%, Carabobo 11%, Lara 10%, Táchira 9%, Zulia 7%, Mérida 6%, Anzoátegui 5%',
    'education: university 47.1%, higher technical 26.4%',
    'age: 18-29 over half, 30-34 17%, 35-39 12%, 40-59 15.8%',
    '80% worked in Venezuela',
    'discrimination 35.1% of those who stayed over 30 days in a city',
    'violence 16.1%, of victims verbal 65.5%, physical 42.2%, sexual 13.3%',
    '71% of Tumbes entrants will apply for the PTP',
    'Tacna exits bound for Chile 50%, Argentina 47%, other 3%',
    'Lima workers\' monthly income: under USD 197 11%, USD 197-295 34%, USD 295-590 46%',
  ],
  assumptions: [
    'the sample size (2,420) and its split between CEBAF Tumbes (1,100), Santa Rosa (620) and Lima (700)',
  ],
  points: [
    {
      code: 'cebaf_tumbes',
      respondents: 1100,
      destinations: [
        ['PER', 880],
        ['CHL', 150],
        ['ARG', 60],
        ['BOL', 6],
        ['URY', 4],
      ],
      peruRegions: PERU_REGIONS_ENTRANTS,
      documents: DOCUMENTS_DEFAULT,
      // Counts among the 880 going to Peru: 781 = 71% of all 1,100 Tumbes entrants.
      ptp: [
        ['will_apply', 781],
        ['asylum_seeker', 40],
        ['not_applying', 59],
      ],
      stayedOver30DaysPct: 28,
      discriminatedPct: 35.1,
      children: { householdsPct: 24 },
    },
    {
      code: 'santa_rosa_tacna',
      respondents: 620,
      destinations: [
        ['CHL', 50],
        ['ARG', 47],
        ['BOL', 2],
        ['URY', 1],
      ],
      peruRegions: [],
      documents: DOCUMENTS_DEFAULT,
      ptp: PTP_LEAVING,
      stayedOver30DaysPct: 62,
      monthsInPeru: { stayed: MONTHS_EXITS, notStayed: [0, 0] },
      workedPct: 72,
      income: INCOME_DEFAULT,
      discriminatedPct: 35.1,
      children: { householdsPct: 12 },
    },
    {
      code: 'lima_flow',
      respondents: 700,
      destinations: [
        ['PER', 94],
        ['CHL', 3],
        ['ARG', 3],
      ],
      peruRegions: PERU_REGIONS_LIMA_RESIDENTS,
      documents: DOCUMENTS_DEFAULT,
      // "Almost 40%" have or started the PTP; 23% will request asylum.
      ptp: [
        ['has_ptp', 18],
        ['in_process', 22],
        ['asylum_seeker', 23],
        ['will_apply', 30],
        ['not_applying', 7],
      ],
      stayedOver30DaysPct: 93,
      monthsInPeru: {
        stayed: [
          [[1, 3], 28],
          [[4, 6], 30],
          [[7, 12], 32],
          [[13, 24], 10],
        ],
        notStayed: [0, 0],
      },
      workedPct: 80,
      income: {
        bands: [
          [[100, 196.99], 11],
          [[197, 294.99], 34],
          [[295, 590], 46],
          [[590.01, 900], 9],
        ],
        reportedPct: 97,
        femaleFactor: 1,
      },
      discriminatedPct: 35.1,
      children: { householdsPct: 25 },
    },
  ],
  sex: [
    ['male', 57],
    ['female', 43],
  ],
  ageBands: [
    [[18, 24], 23],
    [[25, 29], 29],
    [[30, 34], 17],
    [[35, 39], 12],
    [[40, 59], 15.8],
    [[60, 70], 3.2],
  ],
  origin: withRest(
    [
      ['Distrito Capital', 17],
      ['Carabobo', 11],
      ['Lara', 10],
      ['Táchira', 9],
      ['Zulia', 7],
      ['Mérida', 6],
      ['Anzoátegui', 5],
    ],
    OTHER_STATES,
  ),
  education: [
    ['none', 0.3],
    ['primary', 2.5],
    ['secondary', 22.5],
    ['technical', 26.4],
    ['university', 47.1],
    ['postgraduate', 1.2],
  ],
  employedBeforeLeavingPct: 80,
  reasons: REASONS_DEFAULT,
  travelDays: TRAVEL_DAYS_DEFAULT,
  tripCostUsd: TRIP_COST_DEFAULT,
  violence: {
    victimsPct: 16.1,
    types: [
      ['verbal', 65.5],
      ['physical', 42.2],
      ['sexual', 13.3],
    ],
  },
};

/**
 * Round 4 Tumbes children: 584 travelling children, bands 0-5 / 6-11 / 12-17 = 274 / 146 / 164
 * (47 / 25 / 28%). Schooling has no unanswered cells, so the published shares hold whether a
 * reader divides by all children of the age or by those who answered: of the 436 aged 3-17,
 * primary 180 (41.3%), secondary 128 (29.4%), initial 93 (21.3%); `none` is 33 of the 126 aged
 * 3-5 (26.2%, never accessed initial education) and 2 of the 146 aged 6-11 (1.4%).
 */
export const R4_TUMBES_CHILDREN: ExactChildren = {
  householdsByChildren: [
    [1, 260],
    [2, 120],
    [3, 28],
  ],
  ageGroups: [
    { ages: [0, 2], count: 148, school: [[null, 148]] },
    {
      ages: [3, 5],
      count: 126,
      school: [
        ['none', 33],
        ['initial', 93],
      ],
    },
    {
      ages: [6, 11],
      count: 146,
      school: [
        ['none', 2],
        ['primary', 144],
      ],
    },
    {
      ages: [12, 17],
      count: 164,
      school: [
        ['primary', 36],
        ['secondary', 128],
      ],
    },
  ],
  boys: 304,
  girls: 280,
  emotionalChangesYes: 362,
};

const ROUND_4: RoundPlan = {
  number: 4,
  fieldworkStart: '2018-09-03',
  fieldworkEnd: '2018-10-26',
  publishedOn: '2018-12-18',
  sourceUrl: 'https://www.iom.int/news/iom-unicef-release-results-new-flow-monitoring-exercise-venezuelans-peru',
  calibratedTo: [
    'sample size 2,148: CEBAF Tumbes 1,645, Santa Rosa 503 (derived)',
    'respondents 53% male, 47% female',
    '584 children travelling with Tumbes respondents: 47% aged 0-5, 25% 6-11, 28% 12-17; 52% boys; 62% with strong emotional changes; ' +
      'of those aged 3-17, last attended primary 41%, secondary 29%, initial 21%; 26% of those aged 3-5 never accessed initial education; 1% of those aged 6-11 without schooling',
    'discrimination among those who stayed over 30 days in a city: Tumbes 46%, Tacna 39%',
    'Tacna exits who worked in Peru: average monthly income USD 309, women 17% below men',
    'Tacna exits spent 3 to 12 months in Peru',
    'destination departments ranked Lima, La Libertad, Arequipa, Áncash, Tumbes',
  ],
  assumptions: [
    'the share who stayed over 30 days in a city (Tumbes 30%, Tacna 88%)',
    'the share of Tacna exits who worked in Peru (70%)',
  ],
  points: [
    {
      code: 'cebaf_tumbes',
      respondents: 1645,
      destinations: [
        ['PER', 75],
        ['CHL', 17],
        ['ARG', 6],
        ['BOL', 1],
        ['URY', 1],
      ],
      peruRegions: PERU_REGIONS_ENTRANTS,
      documents: DOCUMENTS_DEFAULT,
      ptp: PTP_ENTRANTS_ELIGIBLE,
      stayedOver30DaysPct: 30,
      discriminatedPct: 46,
      children: { exact: R4_TUMBES_CHILDREN },
    },
    {
      code: 'santa_rosa_tacna',
      respondents: 503,
      destinations: DESTINATIONS_TACNA_DEFAULT,
      peruRegions: [],
      documents: DOCUMENTS_DEFAULT,
      ptp: PTP_LEAVING,
      stayedOver30DaysPct: 88,
      // Published: between 3 and 12 months in Peruvian cities before leaving. Those who did not stay
      // 30 days in one city moved between cities.
      monthsInPeru: {
        stayed: [
          [[3, 4], 30],
          [[5, 6], 30],
          [[7, 9], 25],
          [[10, 12], 15],
        ],
        notStayed: [3, 4],
      },
      workedPct: 70,
      income: { ...INCOME_DEFAULT, calibrate: { meanUsd: 309, womenBelowMenPct: 17 } },
      discriminatedPct: 39,
      children: { householdsPct: 12 },
    },
  ],
  sex: [
    ['male', 1138],
    ['female', 1010],
  ],
  ageBands: AGE_DEFAULT,
  origin: ORIGIN_DEFAULT,
  education: EDUCATION_DEFAULT,
  employedBeforeLeavingPct: 78,
  reasons: REASONS_DEFAULT,
  travelDays: TRAVEL_DAYS_DEFAULT,
  tripCostUsd: TRIP_COST_DEFAULT,
  violence: VIOLENCE_DEFAULT,
};

const ROUND_5: RoundPlan = {
  number: 5,
  fieldworkStart: '2019-01-21',
  fieldworkEnd: '2019-03-15',
  publishedOn: '2019-04-25',
  sourceUrl: 'https://reliefweb.int/report/peru/flow-monitoring-venezuelan-population-peru-dtm-round-5-april-2019',
  calibratedTo: [
    'sample size 1,822',
    '83% of Tumbes entrants have Peru as final destination',
    '54.3% of Tacna exits stayed over 30 days in Peru',
    '87.1% of Tacna exits have Chile as final destination',
    '27% of Tumbes entrants travel with minors (round attribution uncertain)',
  ],
  assumptions: ['the split of the sample between CEBAF Tumbes (1,100) and Santa Rosa (722)'],
  points: [
    {
      code: 'cebaf_tumbes',
      respondents: 1100,
      destinations: [
        ['PER', 83],
        ['CHL', 11],
        ['ARG', 5],
        ['BOL', 0.6],
        ['URY', 0.4],
      ],
      peruRegions: PERU_REGIONS_ENTRANTS,
      documents: DOCUMENTS_DEFAULT,
      ptp: PTP_ENTRANTS_AFTER_CUTOFF,
      stayedOver30DaysPct: 25,
      discriminatedPct: 40,
      children: { householdsPct: 27 },
    },
    {
      code: 'santa_rosa_tacna',
      respondents: 722,
      destinations: [
        ['CHL', 87.1],
        ['ARG', 10],
        ['BOL', 1.5],
        ['URY', 1.4],
      ],
      peruRegions: [],
      documents: DOCUMENTS_DEFAULT,
      ptp: [
        ['has_ptp', 20],
        ['in_process', 12],
        ['not_applying', 63],
        ['asylum_seeker', 5],
      ],
      stayedOver30DaysPct: 54.3,
      monthsInPeru: {
        stayed: [
          [[1, 3], 35],
          [[4, 6], 25],
          [[7, 12], 25],
          [[13, 24], 15],
        ],
        notStayed: [0, 0],
      },
      workedPct: 70,
      income: INCOME_DEFAULT,
      discriminatedPct: 40,
      children: { householdsPct: 12 },
    },
  ],
  sex: [
    ['male', 56],
    ['female', 44],
  ],
  ageBands: AGE_DEFAULT,
  origin: ORIGIN_DEFAULT,
  education: EDUCATION_DEFAULT,
  employedBeforeLeavingPct: 78,
  reasons: REASONS_DEFAULT,
  travelDays: TRAVEL_DAYS_DEFAULT,
  tripCostUsd: TRIP_COST_DEFAULT,
  violence: VIOLENCE_DEFAULT,
};

const ROUND_6: RoundPlan = {
  number: 6,
  fieldworkStart: '2019-07-01',
  fieldworkEnd: '2019-07-31',
  publishedOn: '2019-09-10',
  sourceUrl: 'https://kausajusta.blogspot.com/2019/10/oim-y-unicef-matriz-de-seguimiento-de.html',
  calibratedTo: [
    'sample size 1,233: CEBAF Tumbes 614, around the Chilean consulate in Tacna 619',
    'document used at the northern border: national ID 64.5%, passport 34.7%',
  ],
  assumptions: [],
  points: [
    {
      code: 'cebaf_tumbes',
      respondents: 614,
      destinations: [
        ['PER', 80],
        ['CHL', 12],
        ['ARG', 6],
        ['BOL', 1],
        ['URY', 1],
      ],
      peruRegions: PERU_REGIONS_ENTRANTS,
      // Counts: 396/614 = 64.5%, 213/614 = 34.7%.
      documents: [
        ['national_id', 396],
        ['passport', 213],
        ['other', 5],
      ],
      ptp: PTP_ENTRANTS_AFTER_CUTOFF,
      stayedOver30DaysPct: 30,
      discriminatedPct: 40,
      children: { householdsPct: 28 },
    },
    {
      code: 'tacna_chile_consulate',
      respondents: 619,
      destinations: [
        ['CHL', 94],
        ['ARG', 4],
        ['BOL', 1],
        ['URY', 1],
      ],
      peruRegions: [],
      documents: DOCUMENTS_DEFAULT,
      ptp: [
        ['has_ptp', 35],
        ['in_process', 10],
        ['not_applying', 45],
        ['asylum_seeker', 10],
      ],
      stayedOver30DaysPct: 65,
      monthsInPeru: {
        stayed: [
          [[1, 3], 25],
          [[4, 6], 25],
          [[7, 12], 30],
          [[13, 24], 20],
        ],
        notStayed: [0, 0],
      },
      workedPct: 68,
      income: INCOME_DEFAULT,
      discriminatedPct: 42,
      children: { householdsPct: 20 },
    },
  ],
  sex: [
    ['male', 54],
    ['female', 46],
  ],
  ageBands: AGE_DEFAULT,
  origin: ORIGIN_DEFAULT,
  education: EDUCATION_DEFAULT,
  employedBeforeLeavingPct: 78,
  reasons: REASONS_DEFAULT,
  travelDays: TRAVEL_DAYS_DEFAULT,
  tripCostUsd: TRIP_COST_DEFAULT,
  violence: VIOLENCE_DEFAULT,
};

export const ROUNDS: RoundPlan[] = [ROUND_2, ROUND_3, ROUND_4, ROUND_5, ROUND_6];
