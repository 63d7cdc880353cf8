/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "query PageFlows($country: String!) {\n  balance: flowStatisticSeries(\n    indicator: MIGRATORY_BALANCE\n    country: $country\n    interval: MONTH\n  ) {\n    ...PageSeries\n  }\n  entries: flowStatisticSeries(\n    indicator: ENTRIES\n    country: $country\n    interval: MONTH\n  ) {\n    ...PageSeries\n  }\n  exits: flowStatisticSeries(indicator: EXITS, country: $country, interval: MONTH) {\n    ...PageSeries\n  }\n  ptpIssued: flowStatisticSeries(\n    indicator: PTP_ISSUED\n    country: $country\n    interval: MONTH\n  ) {\n    ...PageSeries\n  }\n  ptpInProcess: flowStatisticSeries(\n    indicator: PTP_IN_PROCESS\n    country: $country\n    interval: MONTH\n  ) {\n    ...PageSeries\n  }\n}\n\nfragment PageSeries on FlowStatisticSeries {\n  indicator\n  points {\n    period\n    periodStart\n    periodEnd\n    value\n    sources {\n      publisher\n      sourceUrl\n    }\n  }\n}": typeof types.PageFlowsDocument,
    "query PagePublishedFigures($country: String!, $round: Int!) {\n  publishedFigures(filter: {country: $country, round: $round}) {\n    id\n    indicator\n    breakdown\n    value\n    unit\n    baseNote\n    confidence\n    source\n    computed {\n      value\n      n\n      difference\n      tolerance\n      withinTolerance\n      withheld\n      method\n    }\n  }\n}": typeof types.PagePublishedFiguresDocument,
    "query PageRespondentShares($filter: RespondentFilter!, $groupBy: [StatsDimension!]!, $lang: Language!) {\n  respondentStats(filter: $filter, groupBy: $groupBy, lang: $lang) {\n    total\n    multiSelect\n    unlistedCount\n    groups {\n      keys {\n        dimension\n        code\n        label\n      }\n      count\n      share\n      ci95 {\n        low\n        high\n      }\n    }\n    nonResponse {\n      dimension\n      count\n      suppressed\n    }\n    disclosure {\n      status\n      failedRules\n      suggestion\n      threshold\n      maxPerturbation\n      blockedAreas {\n        code\n        label\n      }\n    }\n  }\n}": typeof types.PageRespondentSharesDocument,
    "query PageRounds {\n  rounds {\n    id\n    country\n    number\n    name\n    fieldworkStart\n    fieldworkEnd\n    sampleSize\n    dataKind\n    caveat\n    sourceUrl\n    surveyPoints {\n      id\n      code\n      name\n      sampleSize\n    }\n  }\n}": typeof types.PageRoundsDocument,
};
const documents: Documents = {
    "query PageFlows($country: String!) {\n  balance: flowStatisticSeries(\n    indicator: MIGRATORY_BALANCE\n    country: $country\n    interval: MONTH\n  ) {\n    ...PageSeries\n  }\n  entries: flowStatisticSeries(\n    indicator: ENTRIES\n    country: $country\n    interval: MONTH\n  ) {\n    ...PageSeries\n  }\n  exits: flowStatisticSeries(indicator: EXITS, country: $country, interval: MONTH) {\n    ...PageSeries\n  }\n  ptpIssued: flowStatisticSeries(\n    indicator: PTP_ISSUED\n    country: $country\n    interval: MONTH\n  ) {\n    ...PageSeries\n  }\n  ptpInProcess: flowStatisticSeries(\n    indicator: PTP_IN_PROCESS\n    country: $country\n    interval: MONTH\n  ) {\n    ...PageSeries\n  }\n}\n\nfragment PageSeries on FlowStatisticSeries {\n  indicator\n  points {\n    period\n    periodStart\n    periodEnd\n    value\n    sources {\n      publisher\n      sourceUrl\n    }\n  }\n}": types.PageFlowsDocument,
    "query PagePublishedFigures($country: String!, $round: Int!) {\n  publishedFigures(filter: {country: $country, round: $round}) {\n    id\n    indicator\n    breakdown\n    value\n    unit\n    baseNote\n    confidence\n    source\n    computed {\n      value\n      n\n      difference\n      tolerance\n      withinTolerance\n      withheld\n      method\n    }\n  }\n}": types.PagePublishedFiguresDocument,
    "query PageRespondentShares($filter: RespondentFilter!, $groupBy: [StatsDimension!]!, $lang: Language!) {\n  respondentStats(filter: $filter, groupBy: $groupBy, lang: $lang) {\n    total\n    multiSelect\n    unlistedCount\n    groups {\n      keys {\n        dimension\n        code\n        label\n      }\n      count\n      share\n      ci95 {\n        low\n        high\n      }\n    }\n    nonResponse {\n      dimension\n      count\n      suppressed\n    }\n    disclosure {\n      status\n      failedRules\n      suggestion\n      threshold\n      maxPerturbation\n      blockedAreas {\n        code\n        label\n      }\n    }\n  }\n}": types.PageRespondentSharesDocument,
    "query PageRounds {\n  rounds {\n    id\n    country\n    number\n    name\n    fieldworkStart\n    fieldworkEnd\n    sampleSize\n    dataKind\n    caveat\n    sourceUrl\n    surveyPoints {\n      id\n      code\n      name\n      sampleSize\n    }\n  }\n}": types.PageRoundsDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query PageFlows($country: String!) {\n  balance: flowStatisticSeries(\n    indicator: MIGRATORY_BALANCE\n    country: $country\n    interval: MONTH\n  ) {\n    ...PageSeries\n  }\n  entries: flowStatisticSeries(\n    indicator: ENTRIES\n    country: $country\n    interval: MONTH\n  ) {\n    ...PageSeries\n  }\n  exits: flowStatisticSeries(indicator: EXITS, country: $country, interval: MONTH) {\n    ...PageSeries\n  }\n  ptpIssued: flowStatisticSeries(\n    indicator: PTP_ISSUED\n    country: $country\n    interval: MONTH\n  ) {\n    ...PageSeries\n  }\n  ptpInProcess: flowStatisticSeries(\n    indicator: PTP_IN_PROCESS\n    country: $country\n    interval: MONTH\n  ) {\n    ...PageSeries\n  }\n}\n\nfragment PageSeries on FlowStatisticSeries {\n  indicator\n  points {\n    period\n    periodStart\n    periodEnd\n    value\n    sources {\n      publisher\n      sourceUrl\n    }\n  }\n}"): typeof import('./graphql').PageFlowsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query PagePublishedFigures($country: String!, $round: Int!) {\n  publishedFigures(filter: {country: $country, round: $round}) {\n    id\n    indicator\n    breakdown\n    value\n    unit\n    baseNote\n    confidence\n    source\n    computed {\n      value\n      n\n      difference\n      tolerance\n      withinTolerance\n      withheld\n      method\n    }\n  }\n}"): typeof import('./graphql').PagePublishedFiguresDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query PageRespondentShares($filter: RespondentFilter!, $groupBy: [StatsDimension!]!, $lang: Language!) {\n  respondentStats(filter: $filter, groupBy: $groupBy, lang: $lang) {\n    total\n    multiSelect\n    unlistedCount\n    groups {\n      keys {\n        dimension\n        code\n        label\n      }\n      count\n      share\n      ci95 {\n        low\n        high\n      }\n    }\n    nonResponse {\n      dimension\n      count\n      suppressed\n    }\n    disclosure {\n      status\n      failedRules\n      suggestion\n      threshold\n      maxPerturbation\n      blockedAreas {\n        code\n        label\n      }\n    }\n  }\n}"): typeof import('./graphql').PageRespondentSharesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query PageRounds {\n  rounds {\n    id\n    country\n    number\n    name\n    fieldworkStart\n    fieldworkEnd\n    sampleSize\n    dataKind\n    caveat\n    sourceUrl\n    surveyPoints {\n      id\n      code\n      name\n      sampleSize\n    }\n  }\n}"): typeof import('./graphql').PageRoundsDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
