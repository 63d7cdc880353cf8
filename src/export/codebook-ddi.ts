import { LANGS, type Lang, type Text } from '../questionnaire/text';
import type { Codebook, CodebookCategory, CodebookDisclosure, CodebookFile, CodebookRound, CodebookVar } from './codebook-data';

/**
 * The codebook as DDI Codebook 2.5 XML (namespace `ddi:codebook:2_5`): the study (the round),
 * one `fileDscr` per unit and one `var` per question, with `labl` in every language. Valid
 * against the DDI Alliance's codebook.xsd 2.5.1 (test/export/codebook-ddi.test.ts).
 */

/** Characters XML 1.0 cannot hold at all (C0 controls but tab and newlines, U+FFFE/FFFF, lone surrogates). */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** Text as XML: markup characters escaped, characters XML cannot hold dropped. */
export function xmlText(value: string | number): string {
  return String(value)
    .replace(NOT_XML, '')
    .replace(/[&<>]/g, (c) => ESCAPES[c]);
}

/** An attribute value (always written between double quotes) as XML. */
const xmlAttr = (value: string | number): string => xmlText(value).replace(/"/g, ESCAPES['"']);

type Attrs = Record<string, string | number | null | undefined>;

/** One element: attributes without a value are left out; children are already XML. */
function el(name: string, attrs: Attrs, ...children: (string | null | undefined | false)[]): string {
  const a = Object.entries(attrs)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => ` ${k}="${xmlAttr(v!)}"`)
    .join('');
  const kept = children.filter((c): c is string => typeof c === 'string' && c.length > 0);
  // Elements holding elements put each on a line of its own: a reader can diff two codebooks.
  const inner = kept.length > 0 && kept.every((c) => c.startsWith('<')) ? `\n${kept.join('\n')}\n` : kept.join('');
  return inner ? `<${name}${a}>${inner}</${name}>` : `<${name}${a}/>`;
}

/** One element per language, each with its `xml:lang`. */
const inLangs = (name: string, t: Text, attrs: Attrs = {}): string => LANGS.map((lang: Lang) => el(name, { ...attrs, 'xml:lang': lang }, xmlText(t[lang]))).join('');

/** Numbers as XML writes them: statistics rounded to 6 decimals. */
const num = (v: number) => xmlText(Math.round(v * 1e6) / 1e6);

/** What disclosure control did to the counts, for the study notes and each variable's notes. */
export function disclosureNote(d: CodebookDisclosure): string {
  if (d.method === 'EXACT') return 'Exact frequencies and statistics: the request carried a partner key (disclosure method EXACT).';
  return (
    `Frequencies and statistics are disclosure-controlled (cell-key method, as every public answer of the hub): ` +
    `each count is perturbed by at most ${d.maxPerturbation}; categories with fewer than ${d.threshold ?? '?'} units are not listed and have no frequency; ` +
    `means and medians are perturbed (a median only from ${d.medianThreshold ?? '?'} values); minimum and maximum are never published. See docs/aggregation.md.`
  );
}

function stdyDscr(round: CodebookRound, files: readonly CodebookFile[], d: CodebookDisclosure): string {
  return el(
    'stdyDscr',
    {},
    el(
      'citation',
      {},
      el('titlStmt', {}, el('titl', {}, xmlText(round.name)), el('IDNo', { agency: 'DTM Hub' }, xmlText(round.id))),
      el('rspStmt', {}, el('AuthEnty', { affiliation: 'IOM' }, 'Displacement Tracking Matrix (DTM)')),
      round.sourceUrl ? el('holdings', { URI: round.sourceUrl }, xmlText(round.sourceUrl)) : null,
      round.caveat ? el('notes', {}, xmlText(round.caveat)) : null,
    ),
    el(
      'stdyInfo',
      {},
      el(
        'sumDscr',
        {},
        el('collDate', { date: round.fieldworkStart, event: 'start', cycle: `round ${round.number}` }, xmlText(round.fieldworkStart)),
        el('collDate', { date: round.fieldworkEnd, event: 'end', cycle: `round ${round.number}` }, xmlText(round.fieldworkEnd)),
        el('nation', { abbr: round.country }, xmlText(round.country)),
        ...files.map((f) => inLangs('anlyUnit', f.noun)),
        el('dataKind', {}, xmlText(round.dataKind)),
      ),
    ),
    el('notes', { type: 'disclosure' }, xmlText(disclosureNote(d))),
  );
}

function fileDscr(f: CodebookFile): string {
  return el(
    'fileDscr',
    { ID: f.id },
    el(
      'fileTxt',
      {},
      el('fileName', {}, xmlText(f.fileName)),
      el('fileCont', {}, xmlText(f.description)),
      el('dimensns', {}, f.cases === null ? null : el('caseQnty', {}, xmlText(f.cases)), el('varQnty', {}, xmlText(f.varCount))),
      el('fileType', {}, 'CSV, UTF-8 (round bundle sheet, docs/import-format.md)'),
    ),
  );
}

function catgry(c: CodebookCategory): string {
  const labels = c.label ? inLangs('labl', c.label) : c.name ? el('labl', {}, xmlText(c.name)) : null;
  return el('catgry', {}, el('catValu', {}, xmlText(c.code)), labels, c.freq === null ? null : el('catStat', { type: 'freq' }, xmlText(c.freq)));
}

function sumStats(v: CodebookVar): string[] {
  const s = v.summary;
  const stats: [string, number | null][] = [
    ['vald', s.valid],
    ['invd', s.missing],
    ['mean', s.mean],
    ['medn', s.median],
    ['min', s.min],
    ['max', s.max],
  ];
  return stats.filter(([, value]) => value !== null).map(([type, value]) => el('sumStat', { type }, num(value!)));
}

function varNotes(v: CodebookVar, d: CodebookDisclosure): string {
  const parts = [disclosureNote(d)];
  if (v.multiSelect) parts.push('Multi-select: a unit counts once in every option it selected, so frequencies add up to more than the valid units.');
  if (v.unlisted) parts.push(`${v.unlisted} units (or, multi-select, answers) fall in categories that are not listed.`);
  if (v.status && v.status !== 'PUBLISHED') parts.push(`Disclosure status of the table: ${v.status}.`);
  return el('notes', {}, xmlText(parts.join(' ')));
}

function ddiVar(v: CodebookVar, d: CodebookDisclosure): string {
  const hasStats = v.dimension !== null || v.measure !== null;
  const range = v.range ? el('valrng', {}, el('range', { UNITS: v.answerKind === 'integer' ? 'INT' : 'REAL', min: v.range.min, max: v.range.max })) : null;
  return el(
    'var',
    { ID: v.id, name: v.name, files: v.fileId, intrvl: v.interval },
    inLangs('labl', v.label),
    v.questionText ? el('qstn', {}, el('qstnLit', { 'xml:lang': 'en' }, xmlText(v.questionText))) : null,
    range,
    inLangs('universe', v.universe),
    ...sumStats(v),
    ...v.categories.map(catgry),
    el('varFormat', { type: v.format, schema: 'other', category: v.isDate ? 'date' : 'other' }),
    hasStats ? varNotes(v, d) : null,
  );
}

/** The DDI Codebook 2.5 document of a codebook. */
export function codebookToDdi(cb: Codebook): string {
  const body = el(
    'codeBook',
    {
      xmlns: 'ddi:codebook:2_5',
      'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
      'xsi:schemaLocation': 'ddi:codebook:2_5 http://www.ddialliance.org/Specification/DDI-Codebook/2.5/XMLSchema/codebook.xsd',
      version: '2.5',
      ID: `codebook-${cb.round.country}-${cb.round.number}`,
      'xml:lang': 'en',
    },
    stdyDscr(cb.round, cb.files, cb.disclosure),
    ...cb.files.map(fileDscr),
    el('dataDscr', {}, ...cb.vars.map((v) => ddiVar(v, cb.disclosure))),
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n${body}\n`;
}
