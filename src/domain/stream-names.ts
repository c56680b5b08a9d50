/** Stream per aggregate instance (DESIGN.md "Aggregates/streams"). */
export const streams = {
  partner: (id: string) => `partner-${id}`,
  agreement: (id: string) => `agreement-${id}`,
  offer: (id: string) => `offer-${id}`,
  referral: (id: string) => `referral-${id}`,
  attribution: (customerId: string) => `attribution-${customerId}`,
  account: (partnerId: string) => `account-${partnerId}`,
  payout: (id: string) => `payout-${id}`,
  dispute: (id: string) => `dispute-${id}`,
} as const;

export type StreamType = keyof typeof streams;
export const streamTypes = Object.keys(streams) as StreamType[];

export function parseStreamId(streamId: string): { type: StreamType; id: string } | null {
  const dash = streamId.indexOf('-');
  if (dash < 0) return null;
  const type = streamId.slice(0, dash);
  return (streamTypes as string[]).includes(type) ? { type: type as StreamType, id: streamId.slice(dash + 1) } : null;
}
