import { graphqlEnum } from '../../common/enum';
import {
  DISCRIMINATION_REASON,
  DOCUMENT_USED,
  EDUCATION_LEVEL,
  MARITAL_STATUS,
  PTP_STATUS,
  REASON_FOR_LEAVING,
  SEX,
  VIOLENCE_TYPE,
} from '../../questionnaire/code-lists';

/* The GraphQL enums of the respondents' answers; codes, labels and descriptions live in the questionnaire. */

export const Sex = graphqlEnum(SEX);
export type Sex = (typeof Sex)[keyof typeof Sex];
export const MaritalStatus = graphqlEnum(MARITAL_STATUS);
export type MaritalStatus = (typeof MaritalStatus)[keyof typeof MaritalStatus];
export const EducationLevel = graphqlEnum(EDUCATION_LEVEL);
export type EducationLevel = (typeof EducationLevel)[keyof typeof EducationLevel];
export const ReasonForLeaving = graphqlEnum(REASON_FOR_LEAVING);
export type ReasonForLeaving = (typeof ReasonForLeaving)[keyof typeof ReasonForLeaving];
export const DocumentUsed = graphqlEnum(DOCUMENT_USED);
export type DocumentUsed = (typeof DocumentUsed)[keyof typeof DocumentUsed];
export const PtpStatus = graphqlEnum(PTP_STATUS);
export type PtpStatus = (typeof PtpStatus)[keyof typeof PtpStatus];
export const DiscriminationReason = graphqlEnum(DISCRIMINATION_REASON);
export type DiscriminationReason = (typeof DiscriminationReason)[keyof typeof DiscriminationReason];
export const ViolenceType = graphqlEnum(VIOLENCE_TYPE);
export type ViolenceType = (typeof ViolenceType)[keyof typeof ViolenceType];
