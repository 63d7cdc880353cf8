import { DataSource } from 'typeorm';
import { oneBy } from '../../common/loaders';
import { Location } from './location.entity';

export function createLocationLoaders(ds: DataSource) {
  return { locationByPcode: oneBy(ds, Location, 'pcode') };
}
