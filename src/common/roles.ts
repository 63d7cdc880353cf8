/** Who is calling: anyone (`public`) or a holder of a partner key (`partner`). */
export enum Role {
  PUBLIC = 'public',
  PARTNER = 'partner',
}
