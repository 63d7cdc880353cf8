import { bandLowerBounds, type Band, type Question } from './question';
import { text, YES_NO_LABELS } from './text';

const ADULT_UNITS = ['respondent', 'household'] as const;
const yesWhenAny = [
  { code: 'yes', min: 1, label: YES_NO_LABELS.yes },
  { code: 'no', max: 0, label: YES_NO_LABELS.no },
];

/** The bands of the travelling group's size: the TRAVELLING_GROUP_SIZE dimension and the public classes of its filter. */
const TRAVELLING_SIZE_BANDS: readonly Band[] = [
  { code: '1', max: 1, label: text('Alone', 'Solo/a') },
  { code: '2', min: 2, max: 2, label: text('2 people', '2 personas') },
  { code: '3-4', min: 3, max: 4, label: text('3-4 people', '3-4 personas') },
  { code: '5+', min: 5, label: text('5 people or more', '5 personas o más') },
];

/** The households sheet: the travelling group and the members left in Venezuela, one row per respondent. */
export const HOUSEHOLD_QUESTIONS = [
  {
    sheet: 'households',
    column: 'household_id',
    dbColumn: 'id',
    answer: { kind: 'id' },
    required: true,
    label: text('Household id', 'Id del hogar'),
  },
  {
    sheet: 'households',
    column: 'respondent_id',
    dbColumn: 'respondent_id',
    answer: { kind: 'ref', sheet: 'respondents' },
    required: true,
    label: text('Respondent id', 'Id de la persona encuestada'),
  },
  {
    sheet: 'households',
    column: 'travelling_size',
    dbColumn: 'travelling_size',
    field: 'travellingSize',
    answer: { kind: 'integer', min: 1, max: 50 },
    required: true,
    label: text('Size of the travelling group', 'Tamaño del grupo de viaje'),
    description: 'People travelling together, the respondent included (1-50).',
    filters: [
      {
        match: 'range',
        field: 'travellingSize',
        min: 1,
        max: 50,
        noun: 'travelling group size',
        classes: { lowerBounds: bandLowerBounds(TRAVELLING_SIZE_BANDS, 1), dimension: 'TRAVELLING_GROUP_SIZE' },
      },
    ],
    dimensions: [
      {
        name: 'TRAVELLING_GROUP_SIZE',
        description: 'People travelling together, the respondent included, in bands 1, 2, 3-4, 5+.',
        hxl: '#respondee+group_size',
        units: ['respondent', 'household', 'child'],
        bands: TRAVELLING_SIZE_BANDS,
      },
    ],
    measure: {
      name: 'TRAVELLING_SIZE',
      description: 'People travelling together, the respondent included (all stats types; in childStats, the group the child belongs to).',
      hxl: '#indicator+group_size',
      units: ['respondent', 'household', 'child'],
    },
  },
  {
    sheet: 'households',
    column: 'travelling_children',
    dbColumn: 'travelling_children',
    field: 'travellingChildren',
    answer: { kind: 'integer', min: 0 },
    required: true,
    lessThan: 'travelling_size',
    label: text('Children travelling', 'Niños, niñas y adolescentes que viajan'),
    description: 'Children under 18 travelling with the respondent.',
    filters: [{ match: 'positive', field: 'withTravellingChildren', description: 'Travels with at least one child (true) or with none (false).' }],
    dimensions: [
      {
        name: 'TRAVELS_WITH_CHILDREN',
        label: text('Travels with children', 'Viaja con niños, niñas o adolescentes'),
        description: 'Whether the travelling group includes children under 18 (yes/no).',
        hxl: '#respondee+with_children',
        units: ['respondent', 'household', 'child'],
        bands: yesWhenAny,
      },
    ],
    measure: {
      name: 'TRAVELLING_CHILDREN',
      description: 'Children under 18 in the travelling group (respondentStats, householdStats).',
      hxl: '#indicator+children_travelling',
      units: ADULT_UNITS,
    },
  },
  {
    sheet: 'households',
    column: 'members_in_venezuela',
    dbColumn: 'members_in_venezuela',
    field: 'membersInVenezuela',
    answer: { kind: 'integer', min: 0 },
    required: false,
    label: text('Members left in Venezuela', 'Miembros que se quedaron en Venezuela'),
    description: 'Members of the household who stayed in Venezuela.',
    measure: {
      name: 'MEMBERS_IN_VENEZUELA',
      description: 'Household members who stayed in Venezuela (respondentStats, householdStats).',
      hxl: '#indicator+members_left',
      units: ADULT_UNITS,
    },
  },
  {
    sheet: 'households',
    column: 'children_in_venezuela',
    dbColumn: 'children_in_venezuela',
    field: 'childrenInVenezuela',
    answer: { kind: 'integer', min: 0 },
    required: false,
    atMost: 'members_in_venezuela',
    label: text('Children left in Venezuela', 'Niños, niñas y adolescentes que se quedaron en Venezuela'),
    description: 'Children under 18 among the members who stayed in Venezuela.',
    filters: [{ match: 'positive', field: 'withChildrenInVenezuela', description: 'Left at least one child in Venezuela (true) or none (false).' }],
    dimensions: [
      {
        name: 'CHILDREN_LEFT_IN_VENEZUELA',
        description: 'Whether the household left children under 18 in Venezuela (yes/no).',
        hxl: '#respondee+children_left',
        units: ['respondent', 'household', 'child'],
        bands: yesWhenAny,
      },
    ],
    measure: {
      name: 'CHILDREN_IN_VENEZUELA',
      description: 'Children under 18 among the members who stayed in Venezuela (respondentStats, householdStats).',
      hxl: '#indicator+children_left',
      units: ADULT_UNITS,
    },
  },
] as const satisfies readonly Question[];
