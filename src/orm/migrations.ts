import { InitialSchema1764201600000 } from './migrations/1764201600000-initial-schema';
import { Locations1764201700000 } from './migrations/1764201700000-locations';
import { RecordKeys1764300000000 } from './migrations/1764300000000-record-keys';
import { PartnerKeys1764300100000 } from './migrations/1764300100000-partner-keys';
import { StatsIndexes1764300200000 } from './migrations/1764300200000-stats-indexes';
import { Gazetteers1764400000000 } from './migrations/1764400000000-gazetteers';
import { CountryNeutralColumns1764500000000 } from './migrations/1764500000000-country-neutral-columns';
import { ReferenceDatasets1764610000000 } from './migrations/1764610000000-reference-datasets';
import { ChangeLog1764700000000 } from './migrations/1764700000000-change-log';

/** Every migration, in order. Add new ones at the end. */
export const migrations = [
  InitialSchema1764201600000,
  Locations1764201700000,
  RecordKeys1764300000000,
  PartnerKeys1764300100000,
  StatsIndexes1764300200000,
  Gazetteers1764400000000,
  CountryNeutralColumns1764500000000,
  ReferenceDatasets1764610000000,
  ChangeLog1764700000000,
];
