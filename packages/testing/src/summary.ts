// The CI's last line: `node packages/testing/src/summary.ts <vitest-json-report>` prints
// `N passed, N failed` (and `, N skipped` when some were skipped or todo) from vitest's JSON reporter.
import { readFileSync } from 'node:fs';

export interface VitestJsonReport {
  numPassedTests?: number;
  numFailedTests?: number;
  numPendingTests?: number;
  numTodoTests?: number;
  success?: boolean;
  testResults?: {
    name?: string;
    status?: string;
    message?: string;
    assertionResults?: { status?: string }[];
  }[];
}

export interface Summary {
  passed: number;
  failed: number;
  skipped: number;
  /** Why `failed` exceeds the failed tests: files that failed to load, errors outside tests. */
  notes: string[];
}

export function summarise(report: VitestJsonReport): Summary {
  const notes: string[] = [];
  let failed = report.numFailedTests ?? 0;
  // A file that fails to import has no failed test, only a failed status: count it, or it would vanish.
  for (const file of report.testResults ?? []) {
    const failedTests = (file.assertionResults ?? []).filter((a) => a.status === 'failed').length;
    if (file.status === 'failed' && failedTests === 0) {
      failed += 1;
      notes.push(
        `${file.name ?? 'a test file'} failed outside its tests${file.message ? `: ${file.message.split('\n')[0]}` : ''}`,
      );
    }
  }
  if (report.success === false && failed === 0) {
    failed = 1;
    notes.push('vitest reported failure (e.g. an unhandled error) with no failed test');
  }
  return {
    passed: report.numPassedTests ?? 0,
    failed,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
    notes,
  };
}

export function formatSummary(summary: Summary): string {
  const line = `${summary.passed} passed, ${summary.failed} failed`;
  return summary.skipped > 0 ? `${line}, ${summary.skipped} skipped` : line;
}

if (import.meta.main) {
  const path = process.argv[2];
  if (!path) {
    process.stderr.write('usage: node packages/testing/src/summary.ts <vitest-json-report>\n');
    process.exit(2);
  }
  let report: VitestJsonReport;
  try {
    report = JSON.parse(readFileSync(path, 'utf8')) as VitestJsonReport;
  } catch (error) {
    process.stderr.write(`cannot read vitest report ${path}: ${(error as Error).message}\n`);
    process.exit(2);
  }
  const summary = summarise(report);
  for (const note of summary.notes) process.stderr.write(`${note}\n`);
  process.stdout.write(`${formatSummary(summary)}\n`);
}
