import 'reflect-metadata';
import { dataSourceOptions } from './src/orm/data-source';

/** For the TypeORM CLI: the hub's own options (src/orm/data-source.ts), read from the environment. */
export { dataSourceOptions };
export default dataSourceOptions;
