import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatSummary, summarise } from './summary.ts';

describe('summary', () => {
  it('prints passed and failed, and skipped only when there are some', () => {
    expect(formatSummary(summarise({ numPassedTests: 12, numFailedTests: 0, success: true }))).toBe(
      '12 passed, 0 failed',
    );
    expect(
      formatSummary(
        summarise({
          numPassedTests: 3,
          numFailedTests: 2,
          numPendingTests: 1,
          numTodoTests: 1,
          success: false,
        }),
      ),
    ).toBe('3 passed, 2 failed, 2 skipped');
  });

  it('counts a test file that failed to load as a failure', () => {
    const summary = summarise({
      numPassedTests: 4,
      numFailedTests: 0,
      success: false,
      testResults: [
        { name: 'a.int.test.ts', status: 'passed', assertionResults: [{ status: 'passed' }] },
        { name: 'b.int.test.ts', status: 'failed', message: 'Cannot find module', assertionResults: [] },
      ],
    });
    expect(formatSummary(summary)).toBe('4 passed, 1 failed');
    expect(summary.notes[0]).toContain('b.int.test.ts');
  });

  it('runs as a script on a report file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rapport-summary-'));
    const report = join(dir, 'report.json');
    writeFileSync(
      report,
      JSON.stringify({
        numPassedTests: 7,
        numFailedTests: 1,
        numPendingTests: 0,
        numTodoTests: 0,
        success: false,
      }),
    );
    const out = execFileSync(
      process.execPath,
      [fileURLToPath(new URL('./summary.ts', import.meta.url)), report],
      { encoding: 'utf8' },
    );
    expect(out).toBe('7 passed, 1 failed\n');
  });
});
