import { describeEnum } from '../../common/enum';

export enum DataKind {
  SURVEY = 'survey',
  SYNTHETIC_CALIBRATED = 'synthetic_calibrated',
}

describeEnum(DataKind, 'DataKind', 'Where the row-level data of a round comes from.', {
  SURVEY: 'Real interviews of a DTM flow-monitoring round.',
  SYNTHETIC_CALIBRATED:
    'Synthetic rows generated to reproduce the aggregates IOM published for the round. Not IOM microdata: do not use for individual-level inference.',
});
