import { describeEnum } from '../../common/enum';

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

export enum Direction {
  ENTRY = 'entry',
  EXIT = 'exit',
  BOTH = 'both',
}

describeEnum(Direction, 'Direction', 'Direction of the flow observed at a survey point.', {
  ENTRY: 'People entering the country.',
  EXIT: 'People leaving the country.',
  BOTH: 'Both directions, or people settled in the city.',
});
