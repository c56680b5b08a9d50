import { eventDefinition, eventDefinitions } from '../../../../src/domain/event-catalogue';
import type { EventStore } from '../../../../src/event-store/event-store.port';
import type { PlannedAppend } from './story-context';

export interface PayloadCheckReport {
  /** Payloads parsed with their event type's zod schema. */
  checked: number;
  failures: number;
  firstFailures: string[];
  /** Catalogue types the ledger never produced (their schemas were not exercised). */
  typesNeverSeen: string[];
}

/** Every event of a type is checked until this many have passed, then one in `EVERY`: rare types get full cover. */
const FIRST_PER_TYPE = 200;
const EVERY = 97;

/**
 * Checks generated payloads against the catalogue's zod schemas (and the schema version in the metadata), on
 * the way into the store; `checkStored` then re-checks a sample read back, so what the projections see is
 * known to be what the service itself could have written.
 */
export class PayloadCheck {
  private readonly perType = new Map<string, number>();
  private checked = 0;
  private failures = 0;
  private readonly firstFailures: string[] = [];
  private counter = 0;

  inspect = (append: PlannedAppend): void => {
    for (const event of append.events) {
      const seen = this.perType.get(event.type) ?? 0;
      this.perType.set(event.type, seen + 1);
      this.counter += 1;
      if (seen < FIRST_PER_TYPE || this.counter % EVERY === 0) this.check(event.type, event.metadata.schemaVersion, event.data, append.streamId);
    }
  };

  /** Reads `windows` short runs of $all spread evenly over the store and checks every event in them. */
  async checkStored(store: EventStore, windows = 64, perWindow = 250): Promise<void> {
    const head = await store.headPosition();
    const step = head / BigInt(windows);
    for (let w = 0n; w < BigInt(windows); w++) {
      for (const event of await store.readAll({ after: w * step, maxCount: perWindow })) {
        this.check(event.type, event.metadata.schemaVersion, event.data, event.streamId);
      }
    }
  }

  report(): PayloadCheckReport {
    return {
      checked: this.checked,
      failures: this.failures,
      firstFailures: [...this.firstFailures],
      typesNeverSeen: eventDefinitions.map((d) => d.type).filter((type) => !this.perType.has(type)),
    };
  }

  private check(type: string, schemaVersion: number, data: unknown, streamId: string): void {
    this.checked += 1;
    const definition = eventDefinition(type);
    const problem =
      schemaVersion !== definition.schemaVersion
        ? `schemaVersion ${schemaVersion}, catalogue has ${definition.schemaVersion}`
        : describeIssues(definition.data.safeParse(data));
    if (problem === undefined) return;
    this.failures += 1;
    if (this.firstFailures.length < 5) this.firstFailures.push(`${type} on ${streamId}: ${problem}`);
  }
}

function describeIssues(result: { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } }): string | undefined {
  if (result.success) return undefined;
  return (result.error?.issues ?? [])
    .slice(0, 3)
    .map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}
