/** The deterministic line ids of account.events.ts: a payout names its lines by them; each is paid at most once. */
export const accountLineIds = {
  accrual: (conversionId: string) => `accrual:${conversionId}`,
  clawback: (refundEventId: string) => `clawback:${refundEventId}`,
  bonus: (agreementId: string, period: string, kind: 'retention' | 'milestone') => `bonus:${agreementId}:${period}:${kind}`,
  cap: (agreementId: string, period: string) => `cap:${agreementId}:${period}`,
  /** The cap applied to a conversion accrued into a period after it was closed. */
  lateCap: (agreementId: string, period: string, conversionId: string) => `cap:${agreementId}:${period}:${conversionId}`,
  adjustment: (disputeId: string) => `adjustment:${disputeId}`,
} as const;
