import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import { assertCountryCode } from '../../common/country-code';
import { badInput } from '../../common/errors';
import { unitDeclaration, unitOfSheet } from '../../questionnaire/units';
import type { Context } from '../context';
import { Location, LocationLevel } from '../location/location.entity';
import { Round } from '../round/round.entity';
import { coveragePlaces } from './coverage.places';
import { PointScope, readPointRows } from './coverage.query';
import { CoverageLevel, CoveragePlace, CoverageTopic, RoundCoverage } from './coverage.types';

/** The latest of some ISO times (they sort as text); null when none is known. */
const latest = (times: (string | null)[]) => times.reduce<string | null>((a, t) => (t !== null && (a === null || t > a) ? t : a), null);

@Resolver(() => CoveragePlace)
export class CoverageResolver {
  @Query(() => [CoveragePlace], {
    description:
      'What is there: for each place (country, admin-1 area, survey point) the rounds that cover it, with fieldwork dates, sample size, ' +
      'data kind, the questions asked, the levels stats are available at and when each round last changed. Rounds of one operation ' +
      'return to the same places, and two operations may cover one place: sum only entries with `latestRoundPerOperation`, and not ' +
      'across operations where `overlappingOperations` is true. Places come by country, then by area, each area before its points. Public.',
  })
  async coverage(
    @Ctx() ctx: Context,
    @Arg('country', () => String, { nullable: true, description: 'Only places in this country (ISO3), e.g. `PER`.' }) country?: string | null,
    @Arg('pcode', () => String, {
      nullable: true,
      description: 'Only this place and the places in it: the ISO3 code of a country or the p-code of an admin-1 area, e.g. `PE24`, as `locations` lists them.',
    })
    pcode?: string | null,
  ): Promise<CoveragePlace[]> {
    const iso3 = country ? assertCountryCode('country', country) : null;
    const scope: PointScope = { country: iso3 };
    if (pcode) {
      const place = await ctx.loaders.locationByPcode.load(pcode.trim().toUpperCase());
      if (!place) throw badInput('pcode', pcode, 'expected the ISO3 code of a country or the p-code of an admin-1 area, as `locations` lists them');
      if (iso3 && place.countryIso3 !== iso3) throw badInput('pcode', pcode, `expected a place in ${iso3} (the country asked for); ${place.pcode} is in ${place.countryIso3}`);
      // An admin-2 area holds no survey point (points are placed by admin-1 area): it is covered by nothing.
      if (place.level === LocationLevel.ADMIN2) return [];
      if (place.level === LocationLevel.COUNTRY) scope.country = place.pcode;
      else scope.admin1Pcode = place.pcode;
    }
    const places = coveragePlaces(await readPointRows(ctx.db, scope));
    return scope.admin1Pcode ? places.filter((p) => p.level !== CoverageLevel.COUNTRY) : places;
  }

  @FieldResolver(() => Location, { nullable: true, description: 'The country or admin-1 area as a `Location` (for a survey point, its admin-1 area).' })
  location(@Root() place: CoveragePlace, @Ctx() ctx: Context): Promise<Location | null> {
    return ctx.loaders.locationByPcode.load(place.pcode);
  }

  @FieldResolver(() => GraphQLDateTime, { nullable: true, description: 'When the latest of its rounds was last imported or replaced (see `changes`).' })
  async lastUpdated(@Root() place: CoveragePlace, @Ctx() ctx: Context): Promise<string | null> {
    return latest(await Promise.all(place.rounds.map((r) => ctx.loaders.roundUpdatedById.load(r.roundId))));
  }
}

@Resolver(() => RoundCoverage)
export class RoundCoverageResolver {
  @FieldResolver(() => Round, { nullable: true, description: 'The round itself.' })
  round(@Root() r: RoundCoverage, @Ctx() ctx: Context): Promise<Round | null> {
    return ctx.loaders.roundById.load(r.roundId);
  }

  @FieldResolver(() => [CoverageTopic], {
    description: 'The groups of questions of the questionnaire (registry sheets) and the questions the round asked in each: those with at least one answer in the round.',
  })
  async topics(@Root() r: RoundCoverage, @Ctx() ctx: Context): Promise<CoverageTopic[]> {
    const asked = await ctx.loaders.questionsAskedByRoundId.load(r.roundId);
    return [...asked].map(([sheet, questions]) =>
      Object.assign(new CoverageTopic(), { group: sheet, label: unitDeclaration(unitOfSheet(sheet)).noun[ctx.lang], questions: [...questions] }),
    );
  }

  @FieldResolver(() => GraphQLDateTime, { nullable: true, description: 'When the round was last imported or replaced (see `changes`).' })
  lastUpdated(@Root() r: RoundCoverage, @Ctx() ctx: Context): Promise<string | null> {
    return ctx.loaders.roundUpdatedById.load(r.roundId);
  }
}
