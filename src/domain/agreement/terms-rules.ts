import { rule, type DomainError } from '../shared/domain-error';
import type { Money } from '../shared/money';
import type { Terms } from './terms.schema';

const amountOf = (value: number | Money) => (typeof value === 'number' ? value : value.amount);
const currencyOf = (value: number | Money) => (typeof value === 'number' ? undefined : value.currency);

/**
 * What the terms schema cannot say alone: every amount is in the terms' currency (no FX, ever), no negative
 * commission, one tier per threshold, one target per KPI metric, and a target range that is not empty.
 */
export function termsProblems(terms: Terms): string[] {
  const problems: string[] = [];
  const sameCurrency = (path: string, value: number | Money) => {
    const currency = currencyOf(value);
    if (currency !== undefined && currency !== terms.currency) {
      problems.push(`${path} is in ${currency}, the terms are in ${terms.currency}`);
    }
  };
  if (terms.capPerPeriod) {
    sameCurrency('capPerPeriod', terms.capPerPeriod);
    if (terms.capPerPeriod.amount < 0) problems.push('capPerPeriod is negative');
  }
  const commission = terms.commission;
  if (commission.type === 'flat') {
    sameCurrency('commission.amount', commission.amount);
    if (amountOf(commission.amount) < 0) problems.push('commission.amount is negative');
  }
  if (commission.type === 'tiered') {
    const seen = new Set<number>();
    commission.tiers.forEach((tier, i) => {
      sameCurrency(`commission.tiers.${i}.fromAmount`, tier.fromAmount);
      const from = amountOf(tier.fromAmount);
      if (from < 0) problems.push(`commission.tiers.${i}.fromAmount is negative`);
      if (seen.has(from)) problems.push(`commission.tiers.${i}.fromAmount ${from} repeats another tier's`);
      seen.add(from);
    });
  }
  const metrics = new Set<string>();
  terms.kpis.forEach((kpi, i) => {
    if (metrics.has(kpi.metric)) problems.push(`kpis.${i}: a second target for ${kpi.metric}`);
    metrics.add(kpi.metric);
    const { min, max } = kpi.target;
    if (min !== undefined && max !== undefined && min > max) problems.push(`kpis.${i}.target: min ${min} is above max ${max}`);
  });
  return problems;
}

export function checkTerms(terms: Terms): DomainError | null {
  const problems = termsProblems(terms);
  return problems.length === 0 ? null : rule('INVALID_TERMS', `the terms are inconsistent: ${problems.join('; ')}`, { problems });
}
