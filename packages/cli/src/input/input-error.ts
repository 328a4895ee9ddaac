/**
 * A problem with what the user gave us (file, mapping, flags). Printed as `file:line: field name: why`
 * and turned into exit code 2; anything else is a bug and exits 1.
 */
export class InputError extends Error {
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly field: string | undefined;
  readonly reason: string;

  constructor(reason: string, where: { file?: string; line?: number; field?: string } = {}) {
    const prefix = [where.file, where.line].filter((x) => x !== undefined).join(':');
    const field = where.field === undefined ? '' : `field ${where.field}: `;
    super(`${prefix === '' ? '' : prefix + ': '}${field}${reason}`);
    this.name = 'InputError';
    this.file = where.file;
    this.line = where.line;
    this.field = where.field;
    this.reason = reason;
  }
}
