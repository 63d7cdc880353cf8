import { AuthChecker } from 'type-graphql';
import { forbidden } from '../common/errors';
import { Role } from '../common/roles';

/** Row-level fields are marked `@Authorized()`: only partners may read them. */
export const authChecker: AuthChecker<{ role: Role }> = ({ context, info }) => {
  if (context.role === Role.PARTNER) return true;
  throw forbidden(
    `${info.parentType.name}.${info.fieldName} is row-level data about refugees and migrants and needs a partner key ` +
      '(send "Authorization: Bearer <key>"). Public callers can read rounds, survey points, flow statistics, ' +
      'published figures and aggregates.',
  );
};
