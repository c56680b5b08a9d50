import { KeyedMutex } from '../../application/keyed-mutex';

/**
 * Registrations of one referral id in this process take turns (POST /v1/referrals and offer redemptions alike).
 * Each checks that the id is free, then appends the customer's attribution and then the referral: two requests
 * for one id and two customers that interleaved both passed the check, both customers were attributed, and the
 * second registration was answered 201 with the first's event (same natural key). In turn, the second sees the
 * id taken and is refused (409 ALREADY_EXISTS) before it appends anything. Several service processes on one
 * EventStoreDB do not share this; there the race remains (see the README).
 */
export const referralIdClaims = new KeyedMutex();
