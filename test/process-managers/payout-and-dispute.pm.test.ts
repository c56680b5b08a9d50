import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { executeCommand } from '../../src/application/execute-command';
import { accountDecider } from '../../src/domain/account/account.decider';
import { payoutDecider } from '../../src/domain/payout/payout.decider';
import { disputeAdjustmentPm } from '../../src/process-managers/dispute-adjustment.pm';
import { moneyProcessManagers } from '../../src/process-managers/money-process-managers';
import { payoutSettlementPm } from '../../src/process-managers/payout-settlement.pm';
import { ProcessManagerRunner } from '../../src/process-managers/process-manager-runner';
import { commissionAccrualPm } from '../../src/process-managers/commission-accrual.pm';
import { convert, ctxOf, eur, seed, signAgreement, tempStore, typesOf, type TempStore } from './pm-fixtures';

describe('process managers: payouts and disputes', () => {
  let t: TempStore;
  beforeEach(async () => {
    t = tempStore();
    await signAgreement(t.store, 'agr-net', 'net', { currency: 'EUR', commission: { type: 'percentage', rateBps: 5000 } });
    const conversion = await convert(t.store, { referralId: 'r1', conversionId: 'c1', agreementId: 'agr-net', partnerId: 'net', revenue: 200_000, at: '2026-09-15T10:00:00.000Z' });
    await commissionAccrualPm.handle(conversion, t.store);
    await executeCommand(
      t.store,
      { streamId: 'account-net', decider: accountDecider, command: { type: 'ClosePeriod', partnerId: 'net', period: '2026-09', agreements: [], occurredAt: '2026-10-01T08:00:00.000Z' } },
      ctxOf('alice', 'finance', '2026-10-01T08:00:00.000Z'),
    );
  });
  afterEach(async () => t.dispose());

  const reserve = () =>
    executeCommand(
      t.store,
      {
        streamId: 'account-net',
        decider: accountDecider,
        command: { type: 'ReservePayoutLines', partnerId: 'net', payoutId: 'pay-1', period: '2026-09', occurredAt: '2026-10-02T09:00:00.000Z' },
        naturalKey: 'reserve:pay-1',
      },
      ctxOf('alice', 'finance', '2026-10-02T09:00:00.000Z'),
    );

  it('completes a payout whose request crashed after reserving its lines: the statement exists exactly once, prepared by the requester', async () => {
    await reserve(); // …and the process died before appending PayoutPrepared.
    const runner = new ProcessManagerRunner({ store: t.store, managers: moneyProcessManagers, checkpoints: join(t.dir, 'read.db') });
    await runner.catchUp();
    runner.resetCheckpoint(0n);
    await runner.catchUp();
    const payout = await t.store.readStream('payout-pay-1');
    expect(payout.map((e) => e.type)).toEqual(['PayoutPrepared']);
    expect(payout[0]!.data).toMatchObject({
      preparedBy: 'alice',
      total: eur(100_000),
      lines: [{ lineId: 'accrual:c1', kind: 'accrual', amount: eur(100_000), period: '2026-09', conversionId: 'c1', referralId: 'r1' }],
    });
    await runner.close();
  });

  it('settles a paid payout’s lines on the account once', async () => {
    await reserve();
    const runner = new ProcessManagerRunner({ store: t.store, managers: moneyProcessManagers, checkpoints: join(t.dir, 'read.db') });
    await runner.catchUp();
    await executeCommand(t.store, { streamId: 'payout-pay-1', decider: payoutDecider, command: { type: 'ApprovePayout', payoutId: 'pay-1', approvedBy: 'bob', occurredAt: '2026-10-02T11:00:00.000Z' } }, ctxOf('bob', 'approver'));
    const { result } = await executeCommand(
      t.store,
      { streamId: 'payout-pay-1', decider: payoutDecider, command: { type: 'PayPayout', payoutId: 'pay-1', bankReference: 'SEPA-1', paidBy: 'alice', occurredAt: '2026-10-03T09:00:00.000Z' } },
      ctxOf('alice', 'finance'),
    );
    const [paid] = await t.store.readStream('payout-pay-1', { fromRevision: result.revision });
    await payoutSettlementPm.handle(paid!, t.store);
    await runner.catchUp();
    const account = await t.store.readStream('account-net');
    expect(account.map((e) => e.type)).toEqual(['CommissionAccrued', 'PeriodClosed', 'PayoutLinesReserved', 'PayoutSettled']);
    expect(account[3]!.data).toMatchObject({ payoutId: 'pay-1', lineIds: ['accrual:c1'], bankReference: 'SEPA-1', sourceEventId: paid!.eventId });
    await runner.close();
  });

  it('posts a resolved dispute’s adjustment once, and nothing for a resolution without one', async () => {
    const [, resolved] = await seed(t.store, 'dispute-d1', [
      { type: 'DisputeOpened', occurredAt: '2026-10-02T10:00:00.000Z', data: { disputeId: 'd1', partnerId: 'net', subject: { type: 'commission', id: 'c1' }, description: 'missing bookings' } },
      { type: 'DisputeResolved', occurredAt: '2026-10-05T10:00:00.000Z', data: { disputeId: 'd1', partnerId: 'net', outcome: 'partial', adjustment: eur(2_500), reason: 'half tagged' } },
    ]);
    const plain = { ...resolved!, eventId: 'other', data: { disputeId: 'd2', partnerId: 'net', outcome: 'rejected', reason: 'no' } };
    await disputeAdjustmentPm.handle(resolved!, t.store);
    await disputeAdjustmentPm.handle(resolved!, t.store);
    expect(await disputeAdjustmentPm.handle(plain, t.store)).toEqual([]);
    const account = await t.store.readStream('account-net');
    expect(account.filter((e) => e.type === 'AdjustmentPosted').map((e) => e.data)).toEqual([
      expect.objectContaining({ lineId: 'adjustment:d1', amount: eur(2_500), period: '2026-10', sourceEventId: resolved!.eventId, reason: 'half tagged' }),
    ]);
    expect(await typesOf(t.store, 'dispute-d1')).toEqual(['DisputeOpened', 'DisputeResolved']);
  });
});
