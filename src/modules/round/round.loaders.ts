import { DataSource } from 'typeorm';
import { oneBy } from '../../common/loaders';
import { Round } from './round.entity';

export function createRoundLoaders(ds: DataSource) {
  return { roundById: oneBy(ds, Round, 'id') };
}
