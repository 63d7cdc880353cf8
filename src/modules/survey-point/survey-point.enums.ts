import { describeEnum, graphqlEnum } from '../../common/enum';
import { DIRECTION } from '../../questionnaire/code-lists';

export enum SurveyPointKind {
  BORDER_CONTROL_POINT = 'border_control_point',
  URBAN_FLOW_POINT = 'urban_flow_point',
  BUS_TERMINAL = 'bus_terminal',
  OTHER = 'other',
}

describeEnum(SurveyPointKind, 'SurveyPointKind', 'What kind of place a survey point is.', {
  BORDER_CONTROL_POINT: 'An official border crossing (e.g. CEBAF Tumbes).',
  URBAN_FLOW_POINT: 'A place in a city where the population passes or gathers.',
  BUS_TERMINAL: 'A bus terminal.',
  OTHER: 'Any other place.',
});

/** Direction of the flow at a survey point; its labels live with the questionnaire's code lists. */
export const Direction = graphqlEnum(DIRECTION);
export type Direction = (typeof Direction)[keyof typeof Direction];
