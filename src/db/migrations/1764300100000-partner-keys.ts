import { MigrationInterface, QueryRunner } from 'typeorm';

/** Placeholder: filled in by the change that owns it. */
export class PartnerKeys1764300100000 implements MigrationInterface {
  async up(_q: QueryRunner): Promise<void> {}

  async down(_q: QueryRunner): Promise<void> {}
}
