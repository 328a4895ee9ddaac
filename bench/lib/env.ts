/** A variable the benchmark cannot run without (the running infrastructure): its value, or exit 1 naming it. */
export function requiredEnv(bench: string, name: string): string {
  const value = process.env[name]?.trim();
  if (!value) {
    process.stderr.write(`${bench} needs ${name} (the running infrastructure, e.g. ./dev.sh infra up)\n`);
    process.exit(1);
  }
  return value;
}
