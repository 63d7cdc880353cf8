import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Loaded the reference locations (countries, admin-1 areas of Peru and Venezuela) until they
 * moved to the reference step (`provisioning/reference-step.ts`): a migration replays the same
 * forever, and these rows come from code that changes. Kept under its name so that databases
 * that ran it see nothing pending; on a new database it does nothing.
 */
export class Locations1764201700000 implements MigrationInterface {
  name = 'Locations1764201700000';

  async up(): Promise<void> {}

  async down(q: QueryRunner): Promise<void> {
    await q.query('DELETE FROM location');
  }
}
