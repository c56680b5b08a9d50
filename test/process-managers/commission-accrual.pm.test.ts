import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commissionAccrualPm } from '../../src/process-managers/commission-accrual.pm';
import { commissionClawbackPm } from '../../src/process-managers/commission-clawback.pm';
import { InlineEffects } from '../../src/process-managers/inline-effects';
import { moneyProcessManagers } from '../../src/process-managers/money-process-managers';
import { ProcessManagerRunner } from '../../src/process-managers/process-manager-runner';
import { TermsSchema } from '../../src/domain/agreement/terms.schema';
import { convert, eur, refund, seed as seedEvents, signAgreement, tempStore, typesOf, type TempStore } from './pm-fixtures';

describe('process managers: conversion → accrual, refund → clawback', () => {
  let t: TempStore;
  beforeEach(() => {
    t = tempStore();
  });
  afterEach(async () => t.dispose());

  it('accrues on the terms version in effect at the conversion, not on a later amendment', async () => {
    await signAgreement(t.store, 'agr-net', 'net', { currency: 'EUR', commission: { type: 'percentage', rateBps: 5000 } });
    await seedEvents(t.store, 'agreement-agr-net', [
      {
        type: 'AgreementAmended',
        occurredAt: '2026-09-10T00:00:00.000Z',
        data: { agreementId: 'agr-net', partnerId: 'net', terms: TermsSchema.parse({ currency: 'EUR', commission: { type: 'percentage', rateBps: 1000 } }), termsVersion: 2, effectiveFrom: '2026-10-01T00:00:00.000Z' },
      },
    ]);
    const conversion = await convert(t.store, { referralId: 'r1', conversionId: 'c1', agreementId: 'agr-net', partnerId: 'net', revenue: 120_001, at: '2026-09-16T10:00:00.000Z' });
    const effects = await commissionAccrualPm.handle(conversion, t.store);
    const [accrued] = await t.store.readStream('account-net');
    expect(effects).toEqual([{ streamId: 'account-net', position: accrued!.position, duplicate: false }]);
    expect(accrued).toMatchObject({
      type: 'CommissionAccrued',
      data: { commission: eur(60_000), termsVersion: 1, rateBps: 5000, sourceEventId: conversion.eventId, lineId: 'accrual:c1' },
      metadata: {
        occurredAt: '2026-09-16T10:00:00.000Z',
        causationId: conversion.eventId,
        correlationId: conversion.metadata.correlationId,
        actor: { principalId: 'process-manager:commission-accrual', role: 'system' },
      },
    });
    // Handling the same conversion again (a retry, or the runner after the inline run) posts nothing new.
    expect(await commissionAccrualPm.handle(conversion, t.store)).toEqual([{ streamId: 'account-net', position: accrued!.position, duplicate: true }]);
    expect(await typesOf(t.store, 'account-net')).toEqual(['CommissionAccrued']);
  });

  it('claws back a refund pro rata', async () => {
    await signAgreement(t.store, 'agr-net', 'net', { currency: 'EUR', commission: { type: 'percentage', rateBps: 5000 } });
    const conversion = await convert(t.store, { referralId: 'r1', conversionId: 'c1', agreementId: 'agr-net', partnerId: 'net', revenue: 200_000, at: '2026-09-15T10:00:00.000Z' });
    await commissionAccrualPm.handle(conversion, t.store);
    const refunded = await refund(t.store, { referralId: 'r1', conversionId: 'c1', agreementId: 'agr-net', partnerId: 'net', refund: 50_000, refundedToDate: 50_000, converted: 200_000, at: '2026-09-25T10:00:00.000Z' });
    await commissionClawbackPm.handle(refunded, t.store);
    const events = await t.store.readStream('account-net');
    expect(events[1]).toMatchObject({ type: 'CommissionClawedBack', data: { amount: eur(25_000), lineId: `clawback:${refunded.eventId}`, period: '2026-09' } });
  });

  it('runs inline after a command’s append, answering with a position that covers the accrual', async () => {
    await signAgreement(t.store, 'agr-net', 'net', { currency: 'EUR', commission: { type: 'percentage', rateBps: 5000 } });
    const conversion = await convert(t.store, { referralId: 'r1', conversionId: 'c1', agreementId: 'agr-net', partnerId: 'net', revenue: 1_000, at: '2026-09-15T10:00:00.000Z' });
    const inline = new InlineEffects(t.store, moneyProcessManagers);
    const answer = await inline.afterAppend({ streamId: 'referral-r1', revision: conversion.revision, position: conversion.position, eventIds: [conversion.eventId], duplicate: false });
    expect(answer.position).toBe(await t.store.headPosition());
    expect(answer.position).toBeGreaterThan(conversion.position);
    expect(await typesOf(t.store, 'account-net')).toEqual(['CommissionAccrued']);
  });

  it('completes a crash between the conversion and its accrual exactly once, even when run again from checkpoint 0', async () => {
    await signAgreement(t.store, 'agr-net', 'net', { currency: 'EUR', commission: { type: 'percentage', rateBps: 5000 } });
    // The conversion is stored; the process crashed before the inline accrual ran.
    await convert(t.store, { referralId: 'r1', conversionId: 'c1', agreementId: 'agr-net', partnerId: 'net', revenue: 1_000, at: '2026-09-15T10:00:00.000Z' });
    expect(await typesOf(t.store, 'account-net')).toEqual([]);

    const checkpoints = join(t.dir, 'read.db');
    const runner = new ProcessManagerRunner({ store: t.store, managers: moneyProcessManagers, checkpoints });
    await runner.catchUp();
    expect(await typesOf(t.store, 'account-net')).toEqual(['CommissionAccrued']);

    runner.resetCheckpoint(0n);
    await runner.catchUp();
    expect(await typesOf(t.store, 'account-net')).toEqual(['CommissionAccrued']);
    await runner.close();
  });

  it('follows $all live from its durable checkpoint, across restarts', async () => {
    await signAgreement(t.store, 'agr-net', 'net', { currency: 'EUR', commission: { type: 'percentage', rateBps: 5000 } });
    const checkpoints = join(t.dir, 'read.db');
    const first = new ProcessManagerRunner({ store: t.store, managers: moneyProcessManagers, checkpoints });
    first.start();
    const c1 = await convert(t.store, { referralId: 'r1', conversionId: 'c1', agreementId: 'agr-net', partnerId: 'net', revenue: 1_000, at: '2026-09-15T10:00:00.000Z' });
    await until(async () => (await typesOf(t.store, 'account-net')).length === 1);
    await until(async () => first.status().checkpoint >= c1.position);
    expect(first.status()).toMatchObject({ state: 'live', skipped: 0 });
    await first.close();

    // Written while no runner was running; a new runner resumes from the saved checkpoint.
    await convert(t.store, { referralId: 'r2', conversionId: 'c2', agreementId: 'agr-net', partnerId: 'net', revenue: 2_000, at: '2026-09-16T10:00:00.000Z' });
    const second = new ProcessManagerRunner({ store: t.store, managers: moneyProcessManagers, checkpoints });
    expect(second.status().checkpoint).toBe(c1.position);
    const status = await second.catchUp();
    expect(status.handled).toBe(1);
    expect(await typesOf(t.store, 'account-net')).toEqual(['CommissionAccrued', 'CommissionAccrued']);
    await second.close();
  });

  it('logs and skips a conversion it must refuse (unknown agreement) and carries on', async () => {
    const warnings: Array<Record<string, unknown>> = [];
    const log = { warn: (fields: Record<string, unknown>) => void warnings.push(fields), error: () => undefined };
    const orphan = await convert(t.store, { referralId: 'r0', conversionId: 'c0', agreementId: 'agr-ghost', partnerId: 'net', revenue: 1_000, at: '2026-09-15T10:00:00.000Z' });
    await signAgreement(t.store, 'agr-net', 'net', { currency: 'EUR', commission: { type: 'percentage', rateBps: 5000 } });
    await convert(t.store, { referralId: 'r1', conversionId: 'c1', agreementId: 'agr-net', partnerId: 'net', revenue: 1_000, at: '2026-09-15T10:00:00.000Z' });
    const runner = new ProcessManagerRunner({ store: t.store, managers: moneyProcessManagers, checkpoints: join(t.dir, 'read.db'), log });
    const status = await runner.catchUp();
    expect(status).toMatchObject({ skipped: 1, handled: 2 });
    expect(warnings).toEqual([expect.objectContaining({ eventId: orphan.eventId, code: 'NO_TERMS_IN_EFFECT', processManager: 'commission-accrual' })]);
    expect(await typesOf(t.store, 'account-net')).toEqual(['CommissionAccrued']);
    await runner.close();
  });

  it('stops on any other error, visibly, without moving its checkpoint past the failed batch', async () => {
    const broken = { name: 'broken', eventTypes: ['ReferralConverted'], handle: async () => Promise.reject(new Error('disk on fire')) };
    await convert(t.store, { referralId: 'r1', conversionId: 'c1', agreementId: 'agr-net', partnerId: 'net', revenue: 1_000, at: '2026-09-15T10:00:00.000Z' });
    const runner = new ProcessManagerRunner({ store: t.store, managers: [broken], checkpoints: join(t.dir, 'read.db') });
    runner.start();
    await expect(runner.done).rejects.toThrow('disk on fire');
    expect(runner.status()).toMatchObject({ state: 'failed', error: 'disk on fire', checkpoint: 0n });
    await runner.close();
  });
});

async function until(condition: () => Promise<boolean>, attempts = 200): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('condition not reached');
}
