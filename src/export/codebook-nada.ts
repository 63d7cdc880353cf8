import type { Lang } from '../questionnaire/text';
import type { Codebook, CodebookCategory, CodebookVar } from './codebook-data';
import { disclosureNote } from './codebook-ddi';

/**
 * The codebook in NADA's microdata JSON (IHSN's `ddi-schema.json`: `study_desc`, `data_files`,
 * `variables` after `variable-schema.json`), which nadar, nadaverse and pynada read. NADA's
 * `labl` is one string, so the document is in one language (`lang`); the DDI XML holds both.
 */

export interface NadaVariable {
  vid: string;
  file_id: string;
  name: string;
  labl: string;
  var_intrvl: 'discrete' | 'contin';
  var_qstn_qstnlit?: string;
  var_universe: string;
  var_format: { type: string };
  var_catgry: { value: string; label: string; stats?: { type: string; value: number }[] }[];
  var_sumstat: { type: string; value: number }[];
  var_notes?: string;
}

const SUMSTATS = [
  ['vald', 'valid'],
  ['invd', 'missing'],
  ['mean', 'mean'],
  ['medn', 'median'],
  ['min', 'min'],
  ['max', 'max'],
] as const;

function category(c: CodebookCategory, lang: Lang): NadaVariable['var_catgry'][number] {
  const label = c.label ? c.label[lang] : (c.name ?? c.code);
  return { value: c.code, label, ...(c.freq === null ? {} : { stats: [{ type: 'freq', value: c.freq }] }) };
}

function variable(v: CodebookVar, cb: Codebook, lang: Lang): NadaVariable {
  const sumstat = SUMSTATS.flatMap(([type, key]) => (v.summary[key] === null ? [] : [{ type, value: Math.round(v.summary[key]! * 1e6) / 1e6 }]));
  const hasStats = v.dimension !== null || v.measure !== null;
  return {
    vid: v.id,
    file_id: v.fileId,
    name: v.name,
    labl: v.label[lang],
    var_intrvl: v.interval,
    ...(v.questionText ? { var_qstn_qstnlit: v.questionText } : {}),
    var_universe: v.universe[lang],
    var_format: { type: v.format },
    var_catgry: v.categories.map((c) => category(c, lang)),
    var_sumstat: sumstat,
    ...(hasStats ? { var_notes: disclosureNote(cb.disclosure) } : {}),
  };
}

/** The NADA JSON document of a codebook, labels in `lang`. */
export function codebookToNada(cb: Codebook, lang: Lang) {
  const r = cb.round;
  return {
    lang,
    study_desc: {
      title_statement: { idno: r.id, title: r.name },
      production_statement: { producers: [{ name: 'Displacement Tracking Matrix (DTM)', affiliation: 'IOM' }] },
      study_notes: [r.caveat, disclosureNote(cb.disclosure)].filter(Boolean).join(' '),
      study_info: {
        coll_dates: [{ start: r.fieldworkStart, end: r.fieldworkEnd, cycle: `round ${r.number}` }],
        nation: [{ name: r.country, abbreviation: r.country }],
        analysis_unit: cb.files.map((f) => f.noun[lang]).join('; '),
        data_kind: r.dataKind,
      },
    },
    data_files: cb.files.map((f) => ({
      file_id: f.id,
      file_name: f.fileName,
      description: f.description,
      ...(f.cases === null ? {} : { case_count: f.cases }),
      var_count: f.varCount,
    })),
    variables: cb.vars.map((v) => variable(v, cb, lang)),
  };
}
