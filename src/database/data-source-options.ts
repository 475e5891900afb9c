import { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { ENTITIES } from './entities';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/** One definition of the database connection, shared by the app, the migration CLI and the tests. */
export function dataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    logging: false,
    // JIT off: the planner's cost threshold is passed by a search of a common word over a province's listings, and
    // compiling the plan (15-20 ms) then costs more than running it (~10 ms); no query of this app gains from it
    extra: { max: poolSize, connectionTimeoutMillis: 10000, options: '-c jit=off' },
  };
}
