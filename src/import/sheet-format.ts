import { SHEETS } from '../questionnaire/registry';

/** The sheets of a bundle and the helpers that read their rows, shared by the CSV and XLSX readers. */
export const ROW_SHEETS = SHEETS;
export const XLSX_SHEETS = ['round', 'survey_points', ...ROW_SHEETS] as const;
export const SURVEY_POINT_COLUMNS = ['code', 'name', 'kind', 'direction', 'admin1_pcode', 'border_with'] as const;

/** An HXL hashtag row: its first non-empty cell starts with `#`. */
export function isHxlRow(cells: string[]): boolean {
  const first = cells.find((c) => c.trim().length > 0);
  return first !== undefined && first.trim().startsWith('#');
}

export function isBlank(cells: string[]): boolean {
  return cells.every((c) => c.trim().length === 0);
}
