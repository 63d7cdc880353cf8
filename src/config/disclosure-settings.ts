import type { Config } from './config';

/**
 * The settings of the disclosure rules public stats answers follow (docs/aggregation.md), as the
 * request context carries them to the stats queries.
 */
export interface DisclosureSettings {
  /** k (DISCLOSURE_MIN_CELL): the smallest count a public answer shows. */
  minCell: number;
  /** DISCLOSURE_MAX_VARIABLES: variables one public table may combine beyond country and round. */
  maxVariables: number;
  /** DISCLOSURE_MIN_LISTED_SHARE: share of an area's published units that must sit in listed groups for its groups to be listed. */
  minListedShare: number;
}

export function disclosureSettings(config: Pick<Config, 'DISCLOSURE_MIN_CELL' | 'DISCLOSURE_MAX_VARIABLES' | 'DISCLOSURE_MIN_LISTED_SHARE'>): DisclosureSettings {
  return { minCell: config.DISCLOSURE_MIN_CELL, maxVariables: config.DISCLOSURE_MAX_VARIABLES, minListedShare: config.DISCLOSURE_MIN_LISTED_SHARE };
}
