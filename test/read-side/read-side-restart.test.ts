import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/test-app';
import { eur, read, startReadSideApp, tellStory } from './support/story';

describe('the read side across a restart', () => {
  const dbDir = mkdtempSync(join(tmpdir(), 'ledger-read-side-'));
  let t: TestApp | undefined;
  afterAll(async () => {
    await t?.close();
    rmSync(dbDir, { recursive: true, force: true });
  });

  it('resumes from its stored checkpoints: the old positions are reached at once, nothing is rebuilt', async () => {
    t = await startReadSideApp({ dbDir });
    const story = await tellStory(t);
    const statement = await read(t, `/v1/partners/agency-network/commissions?period=2026-09&minPosition=${story.position}`, 'finance');
    const before = await read(t, '/v1/projections');
    await t.close();

    // A short wait: with nothing new to read, only the checkpoints the read models already hold can answer it.
    t = await startReadSideApp({ dbDir, env: { LEDGER_QUERY_WAIT_MS: '200' } });
    const again = await read(t, `/v1/partners/agency-network/commissions?period=2026-09&minPosition=${story.position}`, 'finance');
    expect(again).toEqual(statement);
    expect(again.payable).toEqual(eur(115_000));
    const after = await read(t, '/v1/projections');
    expect(after.map((p: any) => [p.name, p.generation, p.checkpoint])).toEqual(before.map((p: any) => [p.name, p.generation, p.checkpoint]));
  });
});
