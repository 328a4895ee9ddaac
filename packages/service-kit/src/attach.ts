/**
 * What an infrastructure package needs from a running service to hand over a client: a closer and a
 * readiness check registered right where the client is made. `Lifecycle` satisfies it; infrastructure
 * packages take this port so they never depend on how the service runs.
 */
export interface ServicePort {
  onStop(step: string, close: () => unknown): void;
  readiness: { register(name: string, check: () => Promise<unknown>): void };
}
