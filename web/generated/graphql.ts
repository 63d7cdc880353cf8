/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** How sure we are of a published figure. */
export type Confidence =
  /** Computed from other published figures (e.g. 2,148 - 1,645 = 503). */
  | 'DERIVED'
  /** Press restating IOM or SNM. */
  | 'SECONDARY'
  /** The round or the base of the figure is not certain. */
  | 'UNCERTAIN'
  /** Read in an IOM or UNICEF text. */
  | 'VERIFIED';

/** Where the row-level data of a round comes from. */
export type DataKind =
  /** Real interviews of a DTM flow-monitoring round. */
  | 'SURVEY'
  /** Synthetic rows generated to reproduce the aggregates IOM published for the round. Not IOM microdata: do not use for individual-level inference. */
  | 'SYNTHETIC_CALIBRATED';

/** Direction of the flow observed at a survey point. */
export type Direction =
  /** Both directions, or people settled in the city. */
  | 'BOTH'
  /** People entering the country. */
  | 'ENTRY'
  /** People leaving the country. */
  | 'EXIT';

/** A disclosure rule of public stats tables; disclosurePolicy gives each one's setting. */
export type DisclosureRule =
  /** Range filters (ages, travelling group size) must sit on the boundaries of fixed public classes, so that few different cells can isolate one person; checked before any statement runs. */
  | 'CLASSIFICATION'
  /** A table may combine at most disclosurePolicy.maxVariables variables (filters and groupings) beyond country and round; checked before any statement runs. */
  | 'MAX_VARIABLES'
  /** Per area (country, survey point or its admin-1 area), the groups are listed only when at least disclosurePolicy.minListedShare of the area's published units sit in listed groups. */
  | 'SPARSITY'
  /** A table whose total is below the threshold k (none included) is blocked, so that "none" and "a few" look the same. */
  | 'THRESHOLD';

/** What the disclosure rules made of a stats table (see disclosurePolicy). */
export type DisclosureStatus =
  /** Nothing is published: no total, no group, no non-response count. disclosure.failedRules says why and disclosure.suggestion what to ask instead. */
  | 'BLOCKED'
  /** Some areas failed the sparsity rule: their groups are not listed and the areas are named in disclosure.blockedAreas; the other areas are listed. */
  | 'PARTIAL'
  /** The table is published: every group of at least disclosure.threshold units is listed (always, for partner keys). */
  | 'PUBLISHED';

/** Document used to cross the border. */
export type DocumentUsed =
  /** Andean migration card (TAM). */
  | 'ANDEAN_MIGRATION_CARD'
  /** Venezuelan national identity card (cédula). */
  | 'NATIONAL_ID'
  /** No document. */
  | 'NONE'
  /** Another document. */
  | 'OTHER'
  /** Passport. */
  | 'PASSPORT';

/** Highest level of education completed. */
export type EducationLevel =
  /** No formal education. */
  | 'NONE'
  /** Postgraduate degree. */
  | 'POSTGRADUATE'
  /** Primary. */
  | 'PRIMARY'
  /** Secondary. */
  | 'SECONDARY'
  /** Higher technical education. */
  | 'TECHNICAL'
  /** University degree. */
  | 'UNIVERSITY';

/** Indicator of an official flow statistic. */
export type FlowIndicator =
  /** Entries of Venezuelans over the reference period. */
  | 'ENTRIES'
  /** Exits of Venezuelans over the reference period. */
  | 'EXITS'
  /** Entries minus exits of Venezuelans over the reference period. */
  | 'MIGRATORY_BALANCE'
  /** PTP applications processed, cumulative at the as-of date. */
  | 'PTP_APPLICATIONS'
  /** People with an appointment to apply for the PTP at the as-of date. */
  | 'PTP_APPOINTMENTS'
  /** PTP applications in process at the as-of date. */
  | 'PTP_IN_PROCESS'
  /** Temporary Permits of Permanence (PTP) issued, cumulative at the as-of date. */
  | 'PTP_ISSUED'
  /** People who obtained the PTP or are applying, at the as-of date. */
  | 'PTP_ISSUED_OR_IN_PROCESS'
  /** Venezuelans present in the country at the as-of date. */
  | 'STOCK'
  /** Venezuelans residing abroad (all countries) at the as-of date. */
  | 'VENEZUELANS_ABROAD';

/** Language of labels and CSV headers. Place names stay as the gazetteer spells them. */
export type Language =
  /** English. */
  | 'EN'
  /** Spanish (español), in the terms of the DTM Peru reports. */
  | 'ES';

/** Main needs reported at the survey point (multi-select). */
export type MainNeed =
  /** Documents: identity, migratory status, permits. */
  | 'DOCUMENTATION'
  /** Food. */
  | 'FOOD'
  /** Health care. */
  | 'HEALTH'
  /** Information. */
  | 'INFORMATION'
  /** Another need. */
  | 'OTHER'
  /** Shelter. */
  | 'SHELTER'
  /** Transport. */
  | 'TRANSPORT'
  /** Work, a source of income. */
  | 'WORK';

/** Marital status of the respondent. */
export type MaritalStatus =
  /** Living with a partner without being married. */
  | 'COHABITING'
  /** Divorced or separated. */
  | 'DIVORCED'
  /** Married. */
  | 'MARRIED'
  /** Other. */
  | 'OTHER'
  /** Single. */
  | 'SINGLE'
  /** Widowed. */
  | 'WIDOWED';

/** Situation regarding the Temporary Permit of Permanence (PTP) in Peru. */
export type PtpStatus =
  /** Has applied for or intends to apply for asylum instead. */
  | 'ASYLUM_SEEKER'
  /** Holds a PTP. */
  | 'HAS_PTP'
  /** Has applied; the PTP is in process. */
  | 'IN_PROCESS'
  /** Does not intend to apply. */
  | 'NOT_APPLYING'
  /** Intends to apply. */
  | 'WILL_APPLY';

/** Organisation that produced an official figure. */
export type Publisher =
  /** International Organization for Migration. */
  | 'IOM'
  /** Another publisher. */
  | 'OTHER'
  /** Inter-Agency Coordination Platform for Refugees and Migrants from Venezuela. */
  | 'R4V'
  /** Superintendencia Nacional de Migraciones (Peru). */
  | 'SNM'
  /** United Nations Children’s Fund. */
  | 'UNICEF';

/** Main reason for leaving Venezuela. */
export type ReasonForLeaving =
  /** Economic reasons. */
  | 'ECONOMIC'
  /** Family reunification. */
  | 'FAMILY_REUNIFICATION'
  /** Lack of food or medicine. */
  | 'FOOD_MEDICINE'
  /** Health, access to medical care. */
  | 'HEALTH'
  /** Insecurity or violence. */
  | 'INSECURITY'
  /** Lack of work. */
  | 'LACK_OF_WORK'
  /** Other reason. */
  | 'OTHER';

/** Which respondents count. All given fields must match (AND); omitted fields do not filter. */
export type RespondentFilter = {
  /** Maximum age in years (0-120), inclusive. */
  ageMax?: number | null | undefined;
  /** Minimum age in years (0-120), inclusive. */
  ageMin?: number | null | undefined;
  /** ISO3 code of the country of the operation, e.g. `PER`. */
  country?: string | null | undefined;
  /** Intended final destination, ISO3 code. */
  destinationCountry?: string | null | undefined;
  /** Destination admin-1 area, p-code (e.g. `PE15` Lima, `EC17` Pichincha). */
  destinationRegion?: string | null | undefined;
  /** Direction of the flow at the survey point. */
  direction?: Direction | null | undefined;
  /** Felt discriminated against. */
  discriminated?: boolean | null | undefined;
  /** Document used to cross the border. */
  documentUsed?: DocumentUsed | null | undefined;
  /** Highest education level completed. */
  educationLevel?: EducationLevel | null | undefined;
  /** Had work before leaving Venezuela. */
  employedBeforeLeaving?: boolean | null | undefined;
  /** Reported this main need at the survey point. */
  mainNeed?: MainNeed | null | undefined;
  /** Marital status. */
  maritalStatus?: MaritalStatus | null | undefined;
  /** Nationality, ISO3 code. */
  nationality?: string | null | undefined;
  /** Venezuelan state of origin, admin-1 p-code (e.g. `VE20`). */
  originState?: string | null | undefined;
  /** PTP situation. */
  ptpStatus?: PtpStatus | null | undefined;
  /** Main reason for leaving. */
  reasonForLeaving?: ReasonForLeaving | null | undefined;
  /** Round number. */
  round?: number | null | undefined;
  /** Sex. */
  sex?: Sex | null | undefined;
  /** Stayed over 30 days in a city on the route. */
  stayedOver30Days?: boolean | null | undefined;
  /** Survey point code, e.g. `cebaf_tumbes`. */
  surveyPoint?: string | null | undefined;
  /** Transited this country (ISO3) on the way. */
  transitCountry?: string | null | undefined;
  /** Suffered this type of violence on the route. */
  violenceType?: ViolenceType | null | undefined;
  /** Worked during the stay in the country of the operation. */
  workedInCountry?: boolean | null | undefined;
  /**
   * Worked during the stay in the country of the operation.
   * @deprecated Use workedInCountry.
   */
  workedInPeru?: boolean | null | undefined;
};

/** Sex as recorded by the interviewer. */
export type Sex =
  /** Female. */
  | 'FEMALE'
  /** Male. */
  | 'MALE';

/** A dimension a stats query can group by. Each applies to some stats types only (see each value); a group with no answer for it has code null. */
export type StatsDimension =
  /** Age band of the person counted: respondents (respondentStats, householdStats) 18-24, 25-34, 35-44, 45-59, 60+; children (childStats) 0-5, 6-11, 12-17. */
  | 'AGE_BAND'
  /** Whether the child attends school now (yes/no; childStats only). */
  | 'ATTENDING_SCHOOL'
  /** Who cares for a child left in Venezuela (childStats only). */
  | 'CAREGIVER'
  /** Whether the household left children under 18 in Venezuela (yes/no). */
  | 'CHILDREN_LEFT_IN_VENEZUELA'
  /** Whether the child travels with the respondent or stayed in Venezuela (childStats only). */
  | 'CHILD_STATUS'
  /** Country of the operation (ISO3 code), e.g. `PER`. */
  | 'COUNTRY'
  /** Intended final destination (ISO3 code). */
  | 'DESTINATION_COUNTRY'
  /** Admin-1 area of the destination country (p-code, e.g. `PE15` Lima); no answer unless a destination country was given. */
  | 'DESTINATION_REGION'
  /** Direction of the flow observed at the survey point (entry, exit, both). */
  | 'DIRECTION'
  /** Whether the respondent felt discriminated against (yes/no; only asked of those who stayed over 30 days in a city). */
  | 'DISCRIMINATED'
  /** Perceived reason of the discrimination (only for those who felt discriminated against). */
  | 'DISCRIMINATION_REASON'
  /** Document used to cross the border. */
  | 'DOCUMENT_USED'
  /** Highest education level completed by the respondent. */
  | 'EDUCATION'
  /** Whether strong emotional changes were observed in the child (yes/no; childStats only). */
  | 'EMOTIONAL_CHANGES'
  /** Whether the respondent had work before leaving Venezuela (yes/no). */
  | 'EMPLOYED_BEFORE_LEAVING'
  /** Month of the interview, `YYYY-MM`. */
  | 'INTERVIEW_MONTH'
  /** Main needs reported at the survey point (multi-select: a respondent counts once in every need they reported). */
  | 'MAIN_NEED'
  /** Marital status of the respondent. */
  | 'MARITAL_STATUS'
  /** Nationality of the respondent (ISO3 code). */
  | 'NATIONALITY'
  /** Venezuelan state of origin of the respondent (admin-1 p-code, e.g. `VE20`). */
  | 'ORIGIN_STATE'
  /** Situation regarding the Temporary Permit of Permanence (PTP). */
  | 'PTP_STATUS'
  /** Main reason for leaving Venezuela. */
  | 'REASON_FOR_LEAVING'
  /** Round of the survey; code = round id, e.g. `PER-4`. */
  | 'ROUND'
  /** Last school level the child attended in Venezuela (childStats only). */
  | 'SCHOOL_LEVEL'
  /** Sex of the person counted: the respondent in respondentStats and householdStats, the child in childStats. */
  | 'SEX'
  /** Whether the respondent stayed more than 30 days in a city on the route (yes/no). */
  | 'STAYED_OVER_30_DAYS'
  /** Survey point where the respondent was interviewed; code = point code, e.g. `cebaf_tumbes` (the same code in several rounds is one group). */
  | 'SURVEY_POINT'
  /** Admin-1 area (p-code, e.g. `PE24` Tumbes) of the survey point. */
  | 'SURVEY_POINT_REGION'
  /** Country crossed on the way (multi-select: a respondent counts once in every country they crossed). */
  | 'TRANSIT_COUNTRY'
  /** People travelling together, the respondent included, in bands 1, 2, 3-4, 5+. */
  | 'TRAVELLING_GROUP_SIZE'
  /** Whether the travelling group includes children under 18 (yes/no). */
  | 'TRAVELS_WITH_CHILDREN'
  /** Type of violence suffered on the route (multi-select: a respondent counts once in every type they reported). */
  | 'VIOLENCE_TYPE'
  /** Whether the respondent worked during the stay in the country of the operation (yes/no). */
  | 'WORKED_IN_COUNTRY'
  /** Old name of WORKED_IN_COUNTRY. */
  | 'WORKED_IN_PERU';

/** Type of violence suffered on the route (multi-select). */
export type ViolenceType =
  /** Other violence. */
  | 'OTHER'
  /** Physical aggression. */
  | 'PHYSICAL'
  /** Robbery. */
  | 'ROBBERY'
  /** Sexual violence. */
  | 'SEXUAL'
  /** Verbal aggression or insults. */
  | 'VERBAL';

export type PageFlowsQueryVariables = Exact<{
  country: string;
}>;


export type PageFlowsQuery = { balance: { indicator: FlowIndicator, points: Array<{ period: string, periodStart: string, periodEnd: string, value: number, sources: Array<{ publisher: Publisher, sourceUrl: string | null }> }> }, entries: { indicator: FlowIndicator, points: Array<{ period: string, periodStart: string, periodEnd: string, value: number, sources: Array<{ publisher: Publisher, sourceUrl: string | null }> }> }, exits: { indicator: FlowIndicator, points: Array<{ period: string, periodStart: string, periodEnd: string, value: number, sources: Array<{ publisher: Publisher, sourceUrl: string | null }> }> }, ptpIssued: { indicator: FlowIndicator, points: Array<{ period: string, periodStart: string, periodEnd: string, value: number, sources: Array<{ publisher: Publisher, sourceUrl: string | null }> }> }, ptpInProcess: { indicator: FlowIndicator, points: Array<{ period: string, periodStart: string, periodEnd: string, value: number, sources: Array<{ publisher: Publisher, sourceUrl: string | null }> }> } };

export type PageSeriesFragment = { indicator: FlowIndicator, points: Array<{ period: string, periodStart: string, periodEnd: string, value: number, sources: Array<{ publisher: Publisher, sourceUrl: string | null }> }> };

export type PagePublishedFiguresQueryVariables = Exact<{
  country: string;
  round: number;
}>;


export type PagePublishedFiguresQuery = { publishedFigures: Array<{ id: string, indicator: string, breakdown: string, value: number | null, unit: string, baseNote: string | null, confidence: Confidence, source: string | null, computed: { value: number | null, n: number | null, difference: number | null, tolerance: number, withinTolerance: boolean | null, withheld: boolean, method: string } | null }> };

export type PageRespondentSharesQueryVariables = Exact<{
  filter: RespondentFilter;
  groupBy: Array<StatsDimension> | StatsDimension;
  lang: Language;
}>;


export type PageRespondentSharesQuery = { respondentStats: { total: number | null, multiSelect: boolean, unlistedCount: number | null, groups: Array<{ count: number | null, share: number | null, keys: Array<{ dimension: StatsDimension, code: string | null, label: string }>, ci95: { low: number, high: number } | null }>, nonResponse: Array<{ dimension: StatsDimension, count: number | null, suppressed: boolean }>, disclosure: { status: DisclosureStatus, failedRules: Array<DisclosureRule>, suggestion: string | null, threshold: number | null, maxPerturbation: number, blockedAreas: Array<{ code: string | null, label: string }> } } };

export type PageRoundsQueryVariables = Exact<{ [key: string]: never; }>;


export type PageRoundsQuery = { rounds: Array<{ id: string, country: string, number: number, name: string, fieldworkStart: string, fieldworkEnd: string, sampleSize: number, dataKind: DataKind, caveat: string | null, sourceUrl: string | null, surveyPoints: Array<{ id: string, code: string, name: string, sampleSize: number }> }> };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const PageSeriesFragmentDoc = new TypedDocumentString(`
    fragment PageSeries on FlowStatisticSeries {
  indicator
  points {
    period
    periodStart
    periodEnd
    value
    sources {
      publisher
      sourceUrl
    }
  }
}
    `, {"fragmentName":"PageSeries"}) as unknown as TypedDocumentString<PageSeriesFragment, unknown>;
export const PageFlowsDocument = new TypedDocumentString(`
    query PageFlows($country: String!) {
  balance: flowStatisticSeries(
    indicator: MIGRATORY_BALANCE
    country: $country
    interval: MONTH
  ) {
    ...PageSeries
  }
  entries: flowStatisticSeries(
    indicator: ENTRIES
    country: $country
    interval: MONTH
  ) {
    ...PageSeries
  }
  exits: flowStatisticSeries(indicator: EXITS, country: $country, interval: MONTH) {
    ...PageSeries
  }
  ptpIssued: flowStatisticSeries(
    indicator: PTP_ISSUED
    country: $country
    interval: MONTH
  ) {
    ...PageSeries
  }
  ptpInProcess: flowStatisticSeries(
    indicator: PTP_IN_PROCESS
    country: $country
    interval: MONTH
  ) {
    ...PageSeries
  }
}
    fragment PageSeries on FlowStatisticSeries {
  indicator
  points {
    period
    periodStart
    periodEnd
    value
    sources {
      publisher
      sourceUrl
    }
  }
}`) as unknown as TypedDocumentString<PageFlowsQuery, PageFlowsQueryVariables>;
export const PagePublishedFiguresDocument = new TypedDocumentString(`
    query PagePublishedFigures($country: String!, $round: Int!) {
  publishedFigures(filter: {country: $country, round: $round}) {
    id
    indicator
    breakdown
    value
    unit
    baseNote
    confidence
    source
    computed {
      value
      n
      difference
      tolerance
      withinTolerance
      withheld
      method
    }
  }
}
    `) as unknown as TypedDocumentString<PagePublishedFiguresQuery, PagePublishedFiguresQueryVariables>;
export const PageRespondentSharesDocument = new TypedDocumentString(`
    query PageRespondentShares($filter: RespondentFilter!, $groupBy: [StatsDimension!]!, $lang: Language!) {
  respondentStats(filter: $filter, groupBy: $groupBy, lang: $lang) {
    total
    multiSelect
    unlistedCount
    groups {
      keys {
        dimension
        code
        label
      }
      count
      share
      ci95 {
        low
        high
      }
    }
    nonResponse {
      dimension
      count
      suppressed
    }
    disclosure {
      status
      failedRules
      suggestion
      threshold
      maxPerturbation
      blockedAreas {
        code
        label
      }
    }
  }
}
    `) as unknown as TypedDocumentString<PageRespondentSharesQuery, PageRespondentSharesQueryVariables>;
export const PageRoundsDocument = new TypedDocumentString(`
    query PageRounds {
  rounds {
    id
    country
    number
    name
    fieldworkStart
    fieldworkEnd
    sampleSize
    dataKind
    caveat
    sourceUrl
    surveyPoints {
      id
      code
      name
      sampleSize
    }
  }
}
    `) as unknown as TypedDocumentString<PageRoundsQuery, PageRoundsQueryVariables>;