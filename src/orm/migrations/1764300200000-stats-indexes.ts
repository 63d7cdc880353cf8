import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/**
 * Covering indexes for the documented stats operations (docs/aggregation.md, BENCHMARKS.md): each
 * holds the filter and group-by columns of a breakdown and the record key the cell-key method
 * sums, so the engine reads the index instead of the table (SQLite reads the respondents by
 * survey point through the old single-column index, one table lookup per row).
 *
 * - respondent by survey point, sex and age (`respondentStats(groupBy: [SURVEY_POINT, SEX],
 *   filter: { ageMax })`); it also serves the existing lookups by survey point;
 * - child by round, age and sex (`childStats(groupBy: [AGE_BAND, SEX], filter: { round, ageMin,
 *   ageMax })`).
 */
const INDEXES = [
  { table: 'respondent', index: new TableIndex({ name: 'IDX_respondent_stats_point_sex_age', columnNames: ['survey_point_id', 'sex', 'age', 'record_key'] }) },
  { table: 'child', index: new TableIndex({ name: 'IDX_child_stats_round_age_sex', columnNames: ['round_id', 'age', 'sex', 'record_key'] }) },
];

export class StatsIndexes1764300200000 implements MigrationInterface {
  name = 'StatsIndexes1764300200000';

  async up(q: QueryRunner): Promise<void> {
    for (const { table, index } of INDEXES) await q.createIndex(table, index);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const { table, index } of [...INDEXES].reverse()) await q.dropIndex(table, index.name as string);
  }
}
