// `@rapport/testing/fleet`: the fleet as `./dev.sh` runs it, without vitest, for benchmarks as well
// as tests (the package's main entry defines vitest fixtures, which load only inside vitest).
export {
  devFleet,
  FLEET,
  repoRoot,
  type DevFleet,
  type DevFleetOptions,
  type FleetService,
} from './dev-fleet.ts';
export { killAndRestart, timeUp, type RestartFigures } from './restart-scenario.ts';
export { deleteTopicsWithPrefix } from './kafka-admin.ts';
export { freePort, freePorts } from './free-port.ts';
