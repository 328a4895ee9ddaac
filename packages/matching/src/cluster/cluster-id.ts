/** A cluster is named after its smallest record id, so the same members always give the same id. */
export function clusterIdOf(smallestRecordId: string): string {
  return `c:${smallestRecordId}`;
}
