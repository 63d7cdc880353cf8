import type { Reads } from '../../db/read-session';
import { WhereBuilder } from '../../common/where-builder';
import type { DataKind } from '../round/round.enums';
import type { PointRow } from './coverage.places';

/** Which survey points: those in a country, or in an admin-1 area (p-code), or every one. */
export interface PointScope {
  country?: string | null;
  admin1Pcode?: string | null;
}

/**
 * Every survey point of every round in the scope, with its round and the names of its admin-1
 * area and country: one statement. A point's country is its area's (a round's points may lie
 * across a border); a point whose area is not in the gazetteer counts in its round's country.
 */
export async function readPointRows(db: Reads, scope: PointScope): Promise<PointRow[]> {
  const where = new WhereBuilder()
    .eq('COALESCE(la.country_iso3, ro.country)', scope.country)
    .eq('sp.admin1_pcode', scope.admin1Pcode);
  const rows = await db.run((m) =>
    where
      .applyTo(
        m
          .createQueryBuilder()
          .from('survey_point', 'sp')
          .innerJoin('round', 'ro', 'ro.id = sp.round_id')
          .leftJoin('location', 'la', 'la.pcode = sp.admin1_pcode')
          .leftJoin('location', 'lc', 'lc.pcode = COALESCE(la.country_iso3, ro.country)')
          .select('sp.round_id', 'roundId')
          .addSelect('ro.country', 'operation')
          .addSelect('ro.number', 'number')
          .addSelect('CAST(ro.fieldwork_start AS VARCHAR(10))', 'fieldworkStart')
          .addSelect('CAST(ro.fieldwork_end AS VARCHAR(10))', 'fieldworkEnd')
          .addSelect('ro.data_kind', 'dataKind')
          .addSelect('sp.code', 'code')
          .addSelect('sp.name', 'pointName')
          .addSelect('sp.admin1_pcode', 'admin1Pcode')
          .addSelect('COALESCE(la.name, sp.admin1_pcode)', 'admin1Name')
          .addSelect('COALESCE(la.country_iso3, ro.country)', 'country')
          .addSelect('COALESCE(lc.name, ro.country)', 'countryName')
          .addSelect('sp.sample_size', 'sampleSize'),
      )
      .orderBy('ro.country', 'ASC')
      .addOrderBy('ro.number', 'ASC')
      .addOrderBy('sp.code', 'ASC')
      .getRawMany<Record<string, unknown>>(),
  );
  return rows.map((r) => ({
    roundId: String(r.roundId),
    operation: String(r.operation),
    number: Number(r.number),
    fieldworkStart: String(r.fieldworkStart),
    fieldworkEnd: String(r.fieldworkEnd),
    dataKind: r.dataKind as DataKind,
    code: String(r.code),
    pointName: String(r.pointName),
    admin1Pcode: String(r.admin1Pcode),
    admin1Name: String(r.admin1Name),
    country: String(r.country),
    countryName: String(r.countryName),
    sampleSize: Number(r.sampleSize),
  }));
}
