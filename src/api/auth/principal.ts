import type { Role } from '../../config/roles';

/** Who is calling, resolved from the API key; becomes the `actor` of every event the request appends. */
export interface Principal {
  principalId: string;
  role: Role;
}
