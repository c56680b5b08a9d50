import type { AgreementState } from '../agreement/agreement.state';
import { termsVersionAt } from '../commission/terms-in-effect';
import type { Money } from '../shared/money';
import type { AccrueCommission } from './account.commands';

export interface ConvertedRevenue {
  partnerId: string;
  agreementId: string;
  referralId: string;
  conversionId: string;
  revenue: Money;
}

/**
 * The accrual a conversion causes, on the agreement's terms version in effect at the conversion's business
 * time (never today's terms). One construction for the process manager that posts it and for the conversion
 * command that checks, before recording anything, that it can be posted.
 */
export function accrualForConversion(
  conversion: ConvertedRevenue,
  sourceEventId: string,
  agreement: AgreementState,
  occurredAt: string,
): AccrueCommission {
  return {
    type: 'AccrueCommission',
    partnerId: conversion.partnerId,
    agreementId: conversion.agreementId,
    referralId: conversion.referralId,
    conversionId: conversion.conversionId,
    revenue: conversion.revenue,
    sourceEventId,
    terms: termsVersionAt(agreement, occurredAt),
    occurredAt,
  };
}
