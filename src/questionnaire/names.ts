import type { AnswerValue } from './columns';
import type { Sheet } from './question';
import type { QuestionEntry } from './registry';

/*
 * The names the registry declares, as string-literal types derived from its entries: a stats
 * dimension, a measure or a filter field spelt wrong in code does not compile.
 */

type DimensionSpecOf<Q> = Q extends { dimensions: readonly (infer D)[] } ? D : never;
type MeasureSpecOf<Q> = Q extends { measure: infer M } ? M : never;
type NamesOf<Spec> = Spec extends { name: infer N extends string } ? N | (Spec extends { deprecatedName: infer O extends string } ? O : never) : never;

/** The stats dimensions the questions feed, old names included, e.g. `'SEX' | 'AGE_BAND' | 'WORKED_IN_PERU' | ...`. */
export type QuestionDimensionName = NamesOf<DimensionSpecOf<QuestionEntry>>;

type ClassesOf<Q> = Q extends { filters: readonly (infer F)[] } ? (F extends { classes: { dimension: infer D extends string } } ? D : never) : never;
/** The dimensions that group by the public classes of range filters (`classes.dimension`). */
export type ClassesDimension = ClassesOf<QuestionEntry>;
/** A range filter's `classes.dimension` spelt wrong, or naming no dimension, fails here. */
type Assert<T extends true> = T;
export type ClassesDimensionsAreDimensions = Assert<ClassesDimension extends QuestionDimensionName ? true : false>;

/** The stats measures the questions feed, old names included, e.g. `'AGE' | 'MONTHS_IN_COUNTRY' | 'MONTHS_IN_PERU' | ...`. */
export type MeasureName = NamesOf<MeasureSpecOf<QuestionEntry>>;

/** Each filter field of a question with the type of its value, as `[field, value]`. */
type FilterFieldOf<Q> = Q extends { filters: readonly (infer F)[]; answer: infer A }
  ? F extends { match: 'range'; field: infer N extends string }
    ? [`${N}Min` | `${N}Max`, number]
    : F extends { match: 'positive'; field: infer N extends string }
      ? [N, boolean]
      : F extends { field: infer N extends string }
        ? [N | (F extends { deprecatedField: infer O extends string } ? O : never), AnswerValue<A>]
        : never
  : never;

type SheetFilterField<S extends Sheet> = FilterFieldOf<Extract<QuestionEntry, { sheet: S }>>;

/** The filter fields a sheet's questions declare, e.g. `'sex' | 'ageMin' | 'ageMax' | ...`. */
export type FilterKey<S extends Sheet> = SheetFilterField<S>[0];

/**
 * The question fields of a sheet's filter input with their values, e.g. `{ sex?: 'male' | 'female' | null; ageMin?: number | null }`:
 * the filter classes declare `interface RespondentFilter extends QuestionFilters<'respondents'> {}`.
 */
export type QuestionFilters<S extends Sheet> = {
  [F in SheetFilterField<S> as F[0]]?: F[1] | null;
};
