/** Stable codes of the CLI's input errors, for scripts that react to one kind. */
export type InputErrorCode =
  | 'invalid_input'
  | 'file_unreadable'
  | 'mapping_invalid'
  | 'value_invalid'
  | 'config_invalid'
  | 'model_invalid';

/**
 * A problem with what the user gave us (file, mapping, flags). Printed as `file:line: field name: why`
 * and turned into exit code 2; anything else is a bug and exits 1.
 */
export class InputError extends Error {
  readonly code: InputErrorCode;
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly field: string | undefined;
  readonly reason: string;

  constructor(
    reason: string,
    where: { file?: string; line?: number; field?: string; code?: InputErrorCode } = {},
  ) {
    const prefix = [where.file, where.line].filter((x) => x !== undefined).join(':');
    const field = where.field === undefined ? '' : `field ${where.field}: `;
    super(`${prefix === '' ? '' : prefix + ': '}${field}${reason}`);
    this.name = 'InputError';
    this.code =
      where.code ??
      (where.field !== undefined && where.line !== undefined ? 'value_invalid' : 'invalid_input');
    this.file = where.file;
    this.line = where.line;
    this.field = where.field;
    this.reason = reason;
  }
}

/** The first problem zod found in a file the user gave (mapping, config), with the field's path. */
export function fileProblem(
  error: { issues: readonly { message: string; path: readonly PropertyKey[] }[] },
  file: string,
  code: InputErrorCode,
): InputError {
  const issue = error.issues[0];
  return new InputError(issue?.message ?? 'invalid file', {
    file,
    field: issue?.path.map(String).join('.') || '(root)',
    code,
  });
}
