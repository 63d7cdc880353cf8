import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { describeEnum } from '../../common/enum';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { Node } from '../node/node.interface';

export enum LocationLevel {
  COUNTRY = 'country',
  ADMIN1 = 'admin1',
}
describeEnum(LocationLevel, 'LocationLevel', 'Administrative level of a location.', {
  COUNTRY: 'A country (ISO 3166-1 alpha-3 code).',
  ADMIN1: 'A first-level administrative area (OCHA COD-AB p-code): a Venezuelan state, a Peruvian department.',
});

@Directive('@key(fields: "pcode")')
@ObjectType({ implements: Node, description: 'A country or an admin-1 area that the data refers to.' })
@Entity()
@Index(['countryIso3', 'level'])
export class Location {
  @Field(() => ID, { description: 'ISO3 code for a country (`PER`), OCHA COD-AB p-code for an admin-1 area (`PE15`).' })
  @PrimaryColumn({ type: 'varchar', length: 20 })
  pcode: string;

  @Field(() => LocationLevel, { description: 'Country or admin-1 area.' })
  @Column({ type: 'varchar', length: 10 })
  level: LocationLevel;

  @Field({ description: 'Name (in English for countries, in Spanish for admin-1 areas).' })
  @Column({ type: 'varchar', length: 120 })
  name: string;

  @Field({ description: 'ISO3 code of the country the location is in (itself for a country).' })
  @Column({ type: 'varchar', length: 3 })
  countryIso3: string;

  /** Other spellings (`;` separated, accents and case folded) that resolve to this location on import. */
  @Column({ type: 'text', nullable: true })
  aliases: string | null;
}
