import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { describeEnum } from '../../common/enum';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { Node } from '../node/node.interface';

export enum LocationLevel {
  COUNTRY = 'country',
  ADMIN1 = 'admin1',
  ADMIN2 = 'admin2',
}
describeEnum(LocationLevel, 'LocationLevel', 'Administrative level of a location.', {
  COUNTRY: 'A country (ISO 3166-1 alpha-3 code).',
  ADMIN1:
    'A first-level administrative area (a Venezuelan state, a Peruvian department, an Ecuadorian province): OCHA COD-AB p-code when the country\'s COD-AB table is loaded, else its ISO 3166-2 code.',
  ADMIN2: 'A second-level administrative area (OCHA COD-AB p-code), present when the country\'s COD-AB table has an ADM2_PCODE column.',
});

/** Where an area comes from; stored codes are the values. */
export enum LocationSource {
  COD_AB = 'cod-ab',
  ISO_3166_2 = 'iso-3166-2',
}
describeEnum(LocationSource, 'LocationSource', 'The gazetteer an administrative area comes from (see docs/gazetteers.md).', {
  COD_AB: 'The country\'s OCHA COD-AB table, loaded with `dtm-hub locations import` (Peru and Venezuela ship with the hub).',
  ISO_3166_2: 'ISO 3166-2 subdivisions, which every country has until its COD-AB table is loaded.',
});

@ObjectType({ description: 'A name of a location in one language.' })
export class LocationName {
  @Field({ description: 'ISO 639-1 language code, lower case, from the COD-AB column (`ADM1_ES` gives `es`).' })
  language: string;

  @Field({ description: 'The name in that language.' })
  name: string;
}

@Directive('@key(fields: "pcode")')
@ObjectType({ implements: Node, description: 'A country or an administrative area that the data refers to.' })
@Entity()
@Index(['countryIso3', 'level'])
export class Location {
  @Field(() => ID, {
    description: 'ISO3 code for a country (`PER`); OCHA COD-AB p-code for an area of a loaded COD-AB table (`PE15`), else its ISO 3166-2 code (`CO-ANT`).',
  })
  @PrimaryColumn({ type: 'varchar', length: 20 })
  pcode: string;

  @Field(() => LocationLevel, { description: 'Country, admin-1 or admin-2 area.' })
  @Column({ type: 'varchar', length: 10 })
  level: LocationLevel;

  @Field({ description: 'Name (in English for countries; for areas, in the first language of the COD-AB table, or as ISO 3166-2 writes it).' })
  @Column({ type: 'varchar', length: 120 })
  name: string;

  @Field({ description: 'ISO3 code of the country the location is in (itself for a country).' })
  @Column({ type: 'varchar', length: 3 })
  countryIso3: string;

  /** Other spellings (`;` separated, accents and case folded) that resolve to this location on import. */
  @Column({ type: 'text', nullable: true })
  aliases: string | null;

  /** Names by language code, as JSON (`{"es": "Pichincha"}`); null for countries and ISO 3166-2 areas. */
  @Column({ type: 'text', nullable: true })
  namesJson: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'ISO 3166-2 code of an admin-1 area (`EC-P`), matched by name for COD-AB areas; accepted on import like the p-code. Null for countries, admin-2 areas and unmatched areas.',
  })
  @Column({ type: 'varchar', length: 10, nullable: true })
  isoCode: string | null;

  @Field(() => LocationSource, { nullable: true, description: 'Where an area comes from; null for countries.' })
  @Column({ type: 'varchar', length: 10, nullable: true })
  source: LocationSource | null;

  @Field(() => String, { nullable: true, description: 'P-code of the admin-1 area an admin-2 area lies in; null otherwise.' })
  @Column({ type: 'varchar', length: 20, nullable: true })
  parentPcode: string | null;
}
