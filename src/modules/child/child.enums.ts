import { graphqlEnum } from '../../common/enum';
import { CAREGIVER, CHILD_STATUS, SCHOOL_LEVEL } from '../../questionnaire/code-lists';

/* The GraphQL enums of the children's answers; codes, labels and descriptions live in the questionnaire. */

export const ChildStatus = graphqlEnum(CHILD_STATUS);
export type ChildStatus = (typeof ChildStatus)[keyof typeof ChildStatus];
export const SchoolLevel = graphqlEnum(SCHOOL_LEVEL);
export type SchoolLevel = (typeof SchoolLevel)[keyof typeof SchoolLevel];
export const Caregiver = graphqlEnum(CAREGIVER);
export type Caregiver = (typeof Caregiver)[keyof typeof Caregiver];
