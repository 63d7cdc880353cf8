import { describeEnum } from '../../common/enum';

export enum Confidence {
  VERIFIED = 'verified',
  SECONDARY = 'secondary',
  DERIVED = 'derived',
  UNCERTAIN = 'uncertain',
}
describeEnum(Confidence, 'Confidence', 'How sure we are of a published figure.', {
  VERIFIED: 'Read in an IOM or UNICEF text.',
  SECONDARY: 'Press restating IOM or SNM.',
  DERIVED: 'Computed from other published figures (e.g. 2,148 - 1,645 = 503).',
  UNCERTAIN: 'The round or the base of the figure is not certain.',
});
