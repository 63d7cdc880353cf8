import type { DimensionDef } from '../aggregation/dimensions';
import type { Lang } from '../questionnaire/text';

/**
 * The HXL attributes a download adds to the registry's hashtags, from the HXL standard (core
 * schema and master vocabulary; test/fixtures/hxl holds the copy the tests check against):
 * the vocabulary of a code column and the language of a label column.
 */

/**
 * The vocabulary of each hashtag's codes, as the HXL core schema gives it (`#valid_vocab+default`).
 * Country codes are always ISO 3166-1 alpha-3 (the location table); admin-area codes are OCHA
 * p-codes only where the country's COD-AB table is loaded (docs/gazetteers.md), so `+v_pcode` is
 * added only when every code of the column is a COD-AB area.
 */
const VOCABULARY = {
  '#country': { attribute: '+v_iso3', needsCodAb: false },
  '#adm1': { attribute: '+v_pcode', needsCodAb: true },
} as const satisfies Record<string, { attribute: string; needsCodAb: boolean }>;

const hashtagOf = (tag: string) => tag.split('+')[0];

/** The dimensions whose code column may take `+v_pcode`: the export then asks which codes are COD-AB areas. */
export function needsCodAbAreas(dims: readonly DimensionDef[]): boolean {
  return dims.some((d) => VOCABULARY[hashtagOf(d.hxl) as keyof typeof VOCABULARY]?.needsCodAb);
}

/** The code column's tag: the registry's hashtag, with its vocabulary when every code belongs to it. */
export function codeTag(d: DimensionDef, codes: readonly (string | null)[], codAbAreas: ReadonlySet<string>): string {
  const vocabulary = VOCABULARY[hashtagOf(d.hxl) as keyof typeof VOCABULARY];
  if (!vocabulary) return d.hxl;
  if (vocabulary.needsCodAb && !codes.every((c) => c === null || codAbAreas.has(c))) return d.hxl;
  return `${d.hxl}${vocabulary.attribute}`;
}

/**
 * The label column's tag: `+name` in place of `+code`, and `+i_<lang>` when the labels are the
 * questionnaire's own (closed code lists, in the request's language). Place and country names
 * stay as the gazetteer spells them, whatever the request's language, so they take no language.
 */
export function labelTag(d: DimensionDef, lang: Lang): string {
  const name = d.hxl.includes('+code') ? d.hxl.replace('+code', '+name') : `${d.hxl}+name`;
  return d.labels ? `${name}+i_${lang}` : name;
}
