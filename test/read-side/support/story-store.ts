import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startReadSideApp, tellStory, type Story } from './story';

export interface StoryStore {
  dir: string;
  /** The event store file. */
  dbPath: string;
  /** The service's read models, caught up with the whole story when the service stopped. */
  readDbPath: string;
  story: Story;
}

/** Tells the story through the HTTP API of a real service, waits for its read side, then stops it: files on disk. */
export async function storyStore(): Promise<StoryStore> {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-story-'));
  const t = await startReadSideApp({ dbDir: dir });
  try {
    const story = await tellStory(t);
    const caughtUp = await t.request('GET', `/v1/leaderboards?period=2026-09&minPosition=${story.position}`, { role: 'auditor' });
    if (caughtUp.status !== 200) throw new Error(`the read side did not catch up: ${caughtUp.text}`);
    return { dir, dbPath: t.dbPath, readDbPath: join(dir, 'read-models.db'), story };
  } finally {
    await t.close();
  }
}
