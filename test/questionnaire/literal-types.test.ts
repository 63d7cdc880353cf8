import { DIMENSIONS, StatsDimension } from '../../src/aggregation/dimensions';
import { MEASURES, StatsMeasure } from '../../src/aggregation/measures';
import type { Child } from '../../src/modules/child/child.entity';
import type { ChildFilter } from '../../src/modules/child/child.filter';
import type { Respondent } from '../../src/modules/respondent/respondent.entity';
import type { RespondentFilter } from '../../src/modules/respondent/respondent.filter';

/*
 * The names the registry declares are string-literal types: ts-jest type-checks this file, so
 * each `@ts-expect-error` below fails the test when the line after it compiles (a misspelt name
 * accepted again), and each unmarked line fails it when a registry name stops compiling.
 */

describe('Questionnaire: names from the registry are checked by the compiler', () => {
  it('accepts the declared dimensions and measures, old names included, and rejects misspelt ones', () => {
    const groupBy: StatsDimension[] = ['SEX', 'AGE_BAND', 'SURVEY_POINT', 'WORKED_IN_PERU'];
    const measures: StatsMeasure[] = ['AGE', 'MONTHS_IN_COUNTRY', 'MONTHS_IN_PERU'];
    // @ts-expect-error no dimension is called SEXX
    const misspeltDimension: StatsDimension = 'SEXX';
    // @ts-expect-error the measure is TRAVEL_DAYS
    const misspeltMeasure: StatsMeasure = 'TRAVEL_DAY';
    // @ts-expect-error the enum object has no such member
    const misspeltMember = StatsDimension.AGEBAND;

    // What compiles is what the hub serves, and the misspelt names are not served.
    expect(groupBy.map((d) => DIMENSIONS.has(d))).toEqual([true, true, true, true]);
    expect(measures.map((m) => MEASURES.has(m))).toEqual([true, true, true]);
    expect([misspeltDimension, misspeltMeasure, misspeltMember].map((n) => (DIMENSIONS as ReadonlyMap<string, unknown>).has(n ?? ''))).toEqual([false, false, false]);
    expect((MEASURES as ReadonlyMap<string, unknown>).has(misspeltMeasure)).toBe(false);
  });

  it('types the question fields of a filter by their answers and rejects a field no question declares', () => {
    const respondents: RespondentFilter = { country: 'PER', sex: 'female', ageMin: 18, ageMax: 24, workedInPeru: true, mainNeed: 'food' };
    const children: ChildFilter = { status: 'travelling', ageMin: 3, respondent: { nationality: 'VEN' } };
    // @ts-expect-error the field is workedInCountry
    const misspeltField: RespondentFilter = { workedInCountri: true };
    // @ts-expect-error stored codes are lower case: SEX.FEMALE is `female`
    const wrongCode: RespondentFilter = { sex: 'FEMALE' };
    // @ts-expect-error a range filter takes numbers
    const wrongValue: ChildFilter = { ageMin: '3' };
    expect([respondents, children, misspeltField, wrongCode, wrongValue].length).toBe(5);
  });

  it('gives each answer property of an entity the type of its question', () => {
    const respondent = { sex: 'male', maritalStatus: null, age: 30 } as Respondent;
    const sex: 'male' | 'female' = respondent.sex;
    // @ts-expect-error marital status is optional: an entity may hold null
    const marital: string = respondent.maritalStatus;
    // @ts-expect-error school level is a question of children, not of respondents
    const notAsked = respondent.schoolLevel;
    const child = { caregiver: 'grandparent' } as Child;
    const caregiver: Child['caregiver'] = child.caregiver;
    expect([sex, marital, notAsked, caregiver]).toEqual(['male', null, undefined, 'grandparent']);
  });
});
