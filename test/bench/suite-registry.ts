import type { BenchSuite } from './bench-suite';

/**
 * Suites by name, loaded only when selected (the store suite pulls in the peer, a projection suite would
 * pull in the projection engine). To add one: write a module exporting a BenchSuite and list it here.
 */
export const SUITES: Readonly<Record<string, () => Promise<BenchSuite>>> = {
  store: async () => (await import('./store/store-suite')).storeSuite,
  projections: async () => (await import('./projections/projections-suite')).projectionsSuite,
};

export function selectSuites(requested: readonly string[]): string[] {
  const names = requested.includes('all') ? Object.keys(SUITES) : [...new Set(requested)];
  const unknown = names.filter((name) => !(name in SUITES));
  if (unknown.length > 0) {
    throw new Error(`unknown suite ${unknown.join(', ')} (known: ${Object.keys(SUITES).join(', ')}, all)`);
  }
  return names;
}
