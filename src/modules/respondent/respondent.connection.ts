import { connectionType } from '../../common/connection';
import { Respondent } from './respondent.entity';

export const RespondentConnection = connectionType(Respondent, 'respondent');
