import { InitialSchema1764201600000 } from './migrations/1764201600000-initial-schema';
import { Locations1764201700000 } from './migrations/1764201700000-locations';

/** Every migration, in order. Add new ones at the end. */
export const migrations = [InitialSchema1764201600000, Locations1764201700000];
