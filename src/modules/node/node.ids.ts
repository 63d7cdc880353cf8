/**
 * Which types an id can belong to, from its shape alone. The ids are the API's existing ones,
 * unchanged (they are federation keys and what partners already store):
 *
 * - Round: `PER-4` (ISO3, hyphen, number);
 * - Location: `PER` (ISO3) or `PE15` (OCHA p-code): letters and digits only;
 * - SurveyPoint, Respondent, Household, Child: `PER-4:<code>`, the round id and the code the
 *   bundle gave the row. These four share one shape, so the id alone does not say which it is:
 *   the lookup asks each of them.
 *
 * No id of one shape can have another, so Rounds and Locations never meet the rest.
 */
export type IdShape = { kind: 'round' } | { kind: 'location' } | { kind: 'inRound'; roundId: string } | { kind: 'none' };

const ROUND = /^[A-Z]{3}-[1-9]\d*$/;
const LOCATION = /^[A-Z]{2}[A-Z0-9]*$/;
const IN_ROUND = /^([A-Z]{3}-[1-9]\d*):(.+)$/s;

export function idShape(id: string): IdShape {
  if (ROUND.test(id)) return { kind: 'round' };
  if (LOCATION.test(id)) return { kind: 'location' };
  const inRound = IN_ROUND.exec(id);
  if (inRound) return { kind: 'inRound', roundId: inRound[1] };
  return { kind: 'none' };
}

