import { ChangeLogEntry } from '../modules/change/change.entity';
import { Child } from '../modules/child/child.entity';
import { FlowStatistic } from '../modules/flow-statistic/flow-statistic.entity';
import { Household } from '../modules/household/household.entity';
import { Location } from '../modules/location/location.entity';
import { PartnerKey } from '../modules/partner-key/partner-key.entity';
import { PublishedFigure } from '../modules/published-figure/published-figure.entity';
import { RespondentChoice } from '../modules/respondent/respondent-choice.entity';
import { Respondent } from '../modules/respondent/respondent.entity';
import { Round } from '../modules/round/round.entity';
import { SurveyPoint } from '../modules/survey-point/survey-point.entity';

/** Every TypeORM entity of the hub. */
export const entities = [Round, SurveyPoint, Respondent, RespondentChoice, Household, Child, FlowStatistic, PublishedFigure, Location, PartnerKey, ChangeLogEntry];
