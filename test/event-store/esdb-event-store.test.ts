import { afterAll, beforeAll, describe } from 'vitest';
import type { StartedTestContainer } from 'testcontainers';
import { EsdbEventStore } from '../../src/event-store/esdb/esdb-event-store';
import { runEventStoreContract } from './contract-suite';

/*
 * The contract suite against a real KurrentDB/EventStoreDB: one container per run (the suite never assumes
 * an empty store, every test uses its own stream prefix), or an already running server named by
 * ESDB_TEST_CONNECTION_STRING. Without either, the suite is skipped with one printed line saying why.
 */

const IMAGE = process.env.ESDB_TEST_IMAGE ?? 'docker.io/kurrentplatform/kurrentdb:25.1';
const EXTERNAL = process.env.ESDB_TEST_CONNECTION_STRING;

async function whyNoServer(): Promise<string | null> {
  if (EXTERNAL) return null;
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return null;
  } catch (error) {
    return `no Docker engine reachable (${(error as Error).message}) and ESDB_TEST_CONNECTION_STRING unset`;
  }
}

const skipReason = await whyNoServer();
if (skipReason !== null) console.warn(`[esdb] skipped: ${skipReason}`);

/** KurrentDB images read KURRENTDB_* settings, the older eventstore/eventstore images EVENTSTORE_*. */
function serverSettings(image: string): Record<string, string> {
  const prefix = image.includes('kurrent') ? 'KURRENTDB' : 'EVENTSTORE';
  return {
    [`${prefix}_INSECURE`]: 'true',
    [`${prefix}_RUN_PROJECTIONS`]: 'None',
    [`${prefix}_MEM_DB`]: 'true',
  };
}

describe.skipIf(skipReason !== null)('EsdbEventStore on a real server', () => {
  let container: StartedTestContainer | undefined;
  let connectionString = EXTERNAL ?? '';

  beforeAll(async () => {
    if (EXTERNAL) return;
    const { GenericContainer, Wait } = await import('testcontainers');
    container = await new GenericContainer(IMAGE)
      .withEnvironment(serverSettings(IMAGE))
      .withExposedPorts(2113)
      .withWaitStrategy(Wait.forHttp('/health/live', 2113).forStatusCodeMatching((code) => code >= 200 && code < 300))
      .withStartupTimeout(180_000)
      .start();
    connectionString = `esdb://${container.getHost()}:${container.getMappedPort(2113)}?tls=false`;
  }, 240_000);

  afterAll(async () => {
    await container?.stop();
  });

  runEventStoreContract(`esdb (${EXTERNAL ? 'external server' : IMAGE})`, async () => {
    const store = EsdbEventStore.connect(connectionString, { livenessIntervalMs: 2_000 });
    // No tamper hook: ESDB offers no way to rewrite a stored event in place, so that test reports its skip.
    return { store, cleanup: () => store.close() };
  });
});
