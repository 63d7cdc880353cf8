import { GraphQLEnumType, GraphQLInputObjectType, GraphQLObjectType, GraphQLSchema } from 'graphql';
import { DIMENSIONS } from '../../src/aggregation/dimensions';
import { MEASURES } from '../../src/aggregation/measures';
import { SHEET_RULES } from '../../src/import/rules';
import { CODE_LISTS } from '../../src/questionnaire/code-lists';
import { columnDdlType, questionColumns } from '../../src/questionnaire/columns';
import type { Question } from '../../src/questionnaire/question';
import { QUESTIONS, SHEETS } from '../../src/questionnaire/registry';
import { LANGS } from '../../src/questionnaire/text';
import { buildHubSchema } from '../../src/schema/build-schema';
import { startTestHub, TestHub } from '../support/hub';

/**
 * The questionnaire registry is the one home of every question: what the database, the GraphQL
 * schema and the import accept must match it both ways, with nothing outside it.
 */

const TABLES = { respondents: 'respondent', households: 'household', children: 'child' } as const;
const ROW_TYPES = { respondents: 'Respondent', households: 'Household', children: 'Child' } as const;
const FILTERS = { respondents: 'RespondentFilter', households: 'HouseholdFilter', children: 'ChildFilter' } as const;

/** What a table, row type or filter holds that is not a question: identity, round, links, record keys. */
const NOT_QUESTIONS = {
  columns: ['id', 'round_id', 'code', 'record_key'],
  rowFields: {
    Respondent: ['id', 'legacyId', 'code', 'round', 'surveyPoint', 'household', 'nationalityLocation', 'destinationCountryLocation', 'originState', 'destinationRegion'],
    Household: ['id', 'legacyId', 'code', 'respondent', 'children', 'round'],
    Child: ['id', 'legacyId', 'code', 'household', 'round'],
  } as Record<string, string[]>,
  filterFields: ['country', 'round', 'surveyPoint', 'direction', 'respondent'],
  /** Dimensions of the round and its survey points (round.json), not of the questionnaire. */
  dimensions: ['COUNTRY', 'ROUND', 'INTERVIEW_MONTH', 'SURVEY_POINT', 'SURVEY_POINT_REGION', 'DIRECTION'],
};

/** A column of a migrated table, as the engine describes it. */
interface DbColumn {
  name: string;
  type: string;
  nullable: boolean;
}

const filterFieldsOf = (q: Question) =>
  (q.filters ?? []).flatMap((f) =>
    f.match === 'range' ? [`${f.field}Min`, `${f.field}Max`] : f.match === 'equal' && f.deprecatedField ? [f.field, f.deprecatedField] : [f.field],
  );

describe('Questionnaire: one registry entry per question', () => {
  let t: TestHub;
  let schema: GraphQLSchema;
  const tableColumns = new Map<string, string[]>();
  const tableTypes = new Map<string, DbColumn[]>();
  beforeAll(async () => {
    t = await startTestHub();
    schema = await buildHubSchema();
    for (const table of Object.values(TABLES)) {
      const columns: DbColumn[] =
        t.ds.options.type === 'postgres'
          ? ((await t.ds.query(
              `SELECT column_name AS name, data_type AS type, character_maximum_length AS length, is_nullable = 'YES' AS nullable
               FROM information_schema.columns WHERE table_name = $1`,
              [table],
            )) as { name: string; type: string; length: number | null; nullable: boolean }[]).map((c) => ({
              name: c.name,
              type: c.type === 'character varying' ? `varchar(${c.length})` : c.type,
              nullable: c.nullable,
            }))
          : ((await t.ds.query(`SELECT name, type, "notnull" FROM pragma_table_info('${table}')`)) as { name: string; type: string; notnull: number }[]).map(
              (c) => ({ name: c.name, type: c.type.toLowerCase(), nullable: c.notnull === 0 }),
            );
      tableColumns.set(table, columns.map((c) => c.name));
      tableTypes.set(table, columns);
    }
  });
  afterAll(() => t.close());

  it.each(SHEETS)('gives every %s question a database column made by the migrations, and every column a question', (sheet) => {
    const table = TABLES[sheet];
    const stored = QUESTIONS.filter((q) => q.sheet === sheet && q.dbColumn).map((q) => q.dbColumn!);
    const columns = tableColumns.get(table)!;
    expect(stored.filter((c) => !columns.includes(c))).toEqual([]);
    expect(columns.filter((c) => !stored.includes(c) && !NOT_QUESTIONS.columns.includes(c))).toEqual([]);
  });

  it.each(SHEETS)('stores every %s answer in a migrated column of the type, length and nullability the entity maps, and nothing else', (sheet) => {
    // What the entity maps comes from the registry (common/question-columns.ts): a question whose
    // migration is missing or differs fails here, before a row answers null or an insert fails.
    const generated = questionColumns(sheet).map((c) => ({ name: c.name, type: columnDdlType(c), nullable: c.nullable }));
    const names = new Set(QUESTIONS.filter((q) => q.sheet === sheet && q.dbColumn).map((q) => q.dbColumn!));
    const keys = QUESTIONS.filter((q) => q.sheet === sheet && ['id', 'ref', 'survey-point'].includes(q.answer.kind)).map((q) => q.dbColumn);
    const migrated = tableTypes.get(TABLES[sheet])!.filter((c) => names.has(c.name) && !keys.includes(c.name));
    const byName = (a: DbColumn, b: DbColumn) => a.name.localeCompare(b.name);
    expect(migrated.sort(byName)).toEqual(generated.sort(byName));
  });

  it.each(SHEETS)('gives every %s question an import rule, in column order, and no rule without a question', (sheet) => {
    expect(SHEET_RULES[sheet].columns.map((c) => c.column)).toEqual(QUESTIONS.filter((q) => q.sheet === sheet).map((q) => q.column));
  });

  it.each(SHEETS)('exposes every %s question with a field on its row type, and no other answer field', (sheet) => {
    const type = schema.getType(ROW_TYPES[sheet]) as GraphQLObjectType;
    const fields = Object.keys(type.getFields());
    const questionFields = QUESTIONS.filter((q) => q.sheet === sheet && q.field).flatMap((q) => [q.field!, ...(q.deprecatedField ? [q.deprecatedField] : [])]);
    expect(questionFields.filter((f) => !fields.includes(f))).toEqual([]);
    expect(fields.filter((f) => !questionFields.includes(f) && !NOT_QUESTIONS.rowFields[type.name].includes(f))).toEqual([]);
    for (const q of QUESTIONS.filter((x) => x.sheet === sheet && x.field)) expect(type.getFields()[q.field!].description).toBe(q.description);
  });

  it.each(SHEETS)('puts every %s question filter on the filter input, and no filter field outside the registry', (sheet) => {
    const fields = Object.keys((schema.getType(FILTERS[sheet]) as GraphQLInputObjectType).getFields());
    const declared = QUESTIONS.filter((q) => q.sheet === sheet).flatMap(filterFieldsOf);
    expect(declared.filter((f) => !fields.includes(f))).toEqual([]);
    expect(fields.filter((f) => !declared.includes(f) && !NOT_QUESTIONS.filterFields.includes(f))).toEqual([]);
  });

  it('lists every declared dimension and measure in the GraphQL enums, and nothing else', () => {
    const dims = (schema.getType('StatsDimension') as GraphQLEnumType).getValues().map((v) => v.name);
    const declared = new Set(QUESTIONS.flatMap((q) => (q.dimensions ?? []).flatMap((d) => [d.name, ...(d.deprecatedName ? [d.deprecatedName] : [])])));
    expect([...declared].filter((d) => !dims.includes(d))).toEqual([]);
    expect(dims.filter((d) => !declared.has(d) && !NOT_QUESTIONS.dimensions.includes(d))).toEqual([]);
    const measures = (schema.getType('StatsMeasure') as GraphQLEnumType).getValues().map((v) => v.name);
    const declaredMeasures = QUESTIONS.flatMap((q) => (q.measure ? [q.measure.name, ...(q.measure.deprecatedName ? [q.measure.deprecatedName] : [])] : []));
    expect(measures.sort()).toEqual([...new Set(declaredMeasures)].sort());
  });

  it('gives every range filter public classes: ascending lower bounds within its bounds, grouped by a dimension of its question', () => {
    for (const q of QUESTIONS) {
      for (const spec of q.filters ?? []) {
        if (spec.match !== 'range') continue;
        const { lowerBounds, dimension } = spec.classes;
        const label = `${q.sheet}.${q.column}`;
        expect([label, lowerBounds.length > 1]).toEqual([label, true]);
        expect([label, [...lowerBounds].sort((a, b) => a - b)]).toEqual([label, lowerBounds]);
        expect([label, lowerBounds.every((b) => b >= spec.min && b <= spec.max)]).toEqual([label, true]);
        expect([label, (q.dimensions ?? []).some((d) => d.name === dimension) && (DIMENSIONS as ReadonlyMap<string, unknown>).has(dimension)]).toEqual([label, true]);
      }
    }
  });

  it('fits every code of a closed question in the length of its column', () => {
    // PostgreSQL refuses a longer code at import; SQLite would store it: the engines would differ.
    const tooLong = QUESTIONS.flatMap((q) =>
      q.answer.kind === 'enum' ? Object.values(q.answer.list.codes).flatMap((c) => (c.code.length > (q.answer as { length: number }).length ? [`${q.sheet}.${q.column}: ${c.code}`] : [])) : [],
    );
    expect(tooLong).toEqual([]);
  });

  it('gives every closed question its codes as a GraphQL enum, in the same order', () => {
    for (const q of QUESTIONS) {
      const a = q.answer;
      const list = a.kind === 'enum' ? a.list : a.kind === 'multi-select' && a.options !== 'countries' ? a.options : null;
      if (!list) continue;
      const e = schema.getType(list.name) as GraphQLEnumType;
      expect(e.getValues().map((v) => v.value)).toEqual(Object.values(list.codes).map((c) => c.code));
    }
  });

  it('labels every code, question, dimension and measure in Spanish and English', () => {
    const missing: string[] = [];
    const check = (where: string, text: Record<string, string> | undefined) => {
      for (const lang of LANGS) if (!text?.[lang]?.trim()) missing.push(`${where} (${lang})`);
    };
    for (const list of CODE_LISTS) {
      check(`${list.name}`, list.description);
      for (const [key, c] of Object.entries(list.codes)) {
        check(`${list.name}.${key}`, c.label);
        if (c.description) check(`${list.name}.${key} description`, c.description);
      }
    }
    for (const q of QUESTIONS) check(`${q.sheet}.${q.column}`, q.label);
    for (const d of DIMENSIONS.values()) {
      check(d.name, d.label);
      for (const [code, label] of Object.entries(d.labels ?? {})) check(`${d.name}.${code}`, label);
    }
    for (const m of MEASURES.values()) check(m.name, m.label);
    expect(missing).toEqual([]);
  });
});
