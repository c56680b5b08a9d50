/** ISO strings of different precision ("…00Z" and "…00.000Z") do not compare as text: compare instants. */
export function isAfter(instant: string, reference: string): boolean {
  return Date.parse(instant) > Date.parse(reference);
}

export function isAtOrBefore(instant: string, reference: string): boolean {
  return Date.parse(instant) <= Date.parse(reference);
}
