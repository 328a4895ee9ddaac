import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { AttributeKind, AttributeSpec } from '@rapport/matching';
import { fileProblem, InputError } from './input-error.ts';

/**
 * How the columns of a batch file become PersonRecord fields. Targets are PersonRecord field names; address
 * parts are `address.<part>`; multi-valued targets (email, phone, mobile, landline, crmId, card, handle:<platform>)
 * may take several columns. A card target may name its programme: `card:<programme>`. `attribute:<name>` maps an
 * extra attribute, compared by the kind `attributes` names. Name and street targets joined from several columns,
 * a birth date from three (year, month, day).
 */
export const SINGLE_TARGETS = [
  'recordId',
  'sourceRecordId',
  'updatedAt',
  'givenName',
  'middleName',
  'familyName',
  'fullName',
  'birthDate',
  'nationalId',
  'address.streetNumber',
  'address.line1',
  'address.line2',
  'address.locality',
  'address.region',
  'address.postcode',
  'address.country',
] as const;
export const MULTI_TARGETS = ['email', 'phone', 'mobile', 'landline', 'crmId', 'card'] as const;
/** Single targets that take several columns, joined by a space (given + family into a full name). */
export const JOINED_TARGETS = [
  'givenName',
  'middleName',
  'familyName',
  'fullName',
  'address.line1',
  'address.line2',
];
/** Empty values and these markers mean missing, unless a mapping names its own. */
export const DEFAULT_MISSING_VALUES = ['NA', 'N/A', 'n/a', 'null', 'NULL', 'None', '-'];
// The engine's comparison kinds, listed here (type-checked against them) so that reading a mapping does not load
// the engine: `rapport --help` and `generate` must not pay for it.
const ATTRIBUTE_KINDS = [
  'exact',
  'edit-distance',
  'jaro-winkler',
  'numeric',
  'date',
] as const satisfies readonly AttributeKind[];
type MissingKind = Exclude<AttributeKind, (typeof ATTRIBUTE_KINDS)[number]>;
const allKindsListed: MissingKind extends never ? true : never = true;
void allKindsListed;

/** Every target a mapping may name, for messages and help. */
export const TARGET_LIST = [
  ...SINGLE_TARGETS,
  ...MULTI_TARGETS,
  'card:<programme>',
  'handle:<platform>',
  'attribute:<name>',
];
export type SingleTarget = (typeof SINGLE_TARGETS)[number];

export const BIRTH_DATE_FORMATS = ['YYYY-MM-DD', 'YYYYMMDD', 'DD/MM/YYYY', 'MM/DD/YYYY'] as const;
export type BirthDateFormat = (typeof BIRTH_DATE_FORMATS)[number];
export type OnInvalid = 'fail' | 'drop';
export type ImpossibleBirthDates = 'invalid' | 'keep';

export const MappingFile = z
  .object({
    /** The `source` of every record, and the prefix of record ids built from `sourceRecordId`. */
    source: z.string().min(1).optional(),
    birthDateFormat: z.enum(BIRTH_DATE_FORMATS).optional(),
    /** `fail` (default): a malformed value stops the run. `drop`: it is left out and counted in the summary. */
    onInvalid: z.enum(['fail', 'drop']).optional(),
    /**
     * `invalid` (default): a full date that does not exist (day 94, month 00) is malformed, see onInvalid.
     * `keep`: it is passed on as typed, for files known to hold typing slips in dates (Febrl).
     */
    impossibleBirthDates: z.enum(['invalid', 'keep']).optional(),
    /** Trim spaces around every value (default true). */
    trim: z.boolean().optional(),
    /** Values that mean missing besides the empty one (default NA, N/A, n/a, null, NULL, None, -). */
    missingValues: z.array(z.string()).optional(),
    /** How each `attribute:<name>` target is compared: kind, and for graded kinds the close and far bounds. */
    attributes: z
      .record(
        z.string().min(1),
        z
          .object({ kind: z.enum(ATTRIBUTE_KINDS), close: z.number().optional(), far: z.number().optional() })
          .strict(),
      )
      .optional(),
    fields: z.record(z.string(), z.union([z.string().min(1), z.array(z.string().min(1)).min(1)])),
  })
  .strict();
export type MappingFile = z.infer<typeof MappingFile>;

export interface Mapping {
  source: string;
  birthDateFormat: BirthDateFormat;
  onInvalid: OnInvalid;
  impossibleBirthDates: ImpossibleBirthDates;
  trim: boolean;
  missingValues: ReadonlySet<string>;
  /** The extra attributes mapped, in order of declaration, with their comparison kinds (default exact). */
  attributes: AttributeSpec[];
  /** target -> columns, in file order of declaration. */
  fields: Map<string, string[]>;
}

function isKnownTarget(target: string): boolean {
  return (
    (SINGLE_TARGETS as readonly string[]).includes(target) ||
    (MULTI_TARGETS as readonly string[]).includes(target) ||
    /^card:[\w.-]+$/.test(target) ||
    /^handle:[\w.-]+$/.test(target) ||
    /^attribute:[\w.-]+$/.test(target)
  );
}

function checkTargets(fields: Map<string, string[]>, where: string): void {
  for (const [target, columns] of fields) {
    if (!isKnownTarget(target)) {
      throw new InputError(`unknown target "${target}" in ${where}; known: ${TARGET_LIST.join(', ')}`, {
        code: 'mapping_invalid',
      });
    }
    const joined = JOINED_TARGETS.includes(target) || target.startsWith('attribute:');
    if (target === 'birthDate' && columns.length !== 1 && columns.length !== 3) {
      throw new InputError(
        `target "birthDate" takes one column, or three (year, month, day); ${where} gives ${columns.length}`,
        { code: 'mapping_invalid' },
      );
    }
    if (
      target !== 'birthDate' &&
      !joined &&
      (SINGLE_TARGETS as readonly string[]).includes(target) &&
      columns.length > 1
    ) {
      throw new InputError(`target "${target}" takes one column, ${where} gives ${columns.length}`, {
        code: 'mapping_invalid',
      });
    }
  }
  if (!fields.has('recordId') && !fields.has('sourceRecordId')) {
    throw new InputError(`${where} maps neither recordId nor sourceRecordId: records need an id`);
  }
}

export interface MappingOverrides {
  source?: string;
  birthDateFormat?: string;
  onInvalid?: string;
  /** Replaces the mapping's missing-value markers. */
  missingValues?: string[];
}

/**
 * `spec` is a path to a JSON mapping file, or an inline list `target=column,target=column` (repeat a target to
 * give it several columns). Flags override what the file says.
 */
export function loadMapping(
  spec: string,
  defaults: { source: string },
  overrides: MappingOverrides = {},
): Mapping {
  let file: MappingFile;
  let where: string;
  if (/^\s*[\w.:-]+\s*=/.test(spec)) {
    where = 'the inline mapping';
    const fields: Record<string, string[]> = {};
    for (const pair of spec.split(',')) {
      if (pair.trim() === '') continue;
      const eq = pair.indexOf('=');
      const target = pair.slice(0, eq).trim();
      const column = pair.slice(eq + 1).trim();
      if (eq < 0 || target === '' || column === '')
        throw new InputError(`"${pair}" in the inline mapping is not target=column`);
      (fields[target] ??= []).push(column);
    }
    file = { fields };
  } else {
    where = spec;
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(spec, 'utf8'));
    } catch (error) {
      throw new InputError(`cannot read the mapping: ${(error as Error).message}`, { file: spec });
    }
    const parsed = MappingFile.safeParse(json);
    if (!parsed.success) throw fileProblem(parsed.error, spec, 'mapping_invalid');
    file = parsed.data;
  }
  const fields = new Map<string, string[]>(
    Object.entries(file.fields).map(([target, columns]) => [
      target,
      typeof columns === 'string' ? [columns] : columns,
    ]),
  );
  checkTargets(fields, where);
  const birthDateFormat = overrides.birthDateFormat ?? file.birthDateFormat ?? 'YYYY-MM-DD';
  if (!(BIRTH_DATE_FORMATS as readonly string[]).includes(birthDateFormat)) {
    throw new InputError(`date format "${birthDateFormat}" is not one of ${BIRTH_DATE_FORMATS.join(', ')}`);
  }
  const onInvalid = overrides.onInvalid ?? file.onInvalid ?? 'fail';
  if (onInvalid !== 'fail' && onInvalid !== 'drop') throw new InputError(`--on-invalid must be fail or drop`);
  const attributes: AttributeSpec[] = [...fields.keys()]
    .filter((t) => t.startsWith('attribute:'))
    .map((t) => {
      const name = t.slice('attribute:'.length);
      return { name, kind: 'exact' as const, ...file.attributes?.[name] };
    });
  for (const name of Object.keys(file.attributes ?? {})) {
    if (!fields.has(`attribute:${name}`))
      throw new InputError(`attributes.${name} is configured but no column is mapped to attribute:${name}`, {
        code: 'mapping_invalid',
      });
  }
  return {
    source: overrides.source ?? file.source ?? defaults.source,
    birthDateFormat: birthDateFormat as BirthDateFormat,
    onInvalid,
    impossibleBirthDates: file.impossibleBirthDates ?? 'invalid',
    trim: file.trim ?? true,
    missingValues: new Set(overrides.missingValues ?? file.missingValues ?? DEFAULT_MISSING_VALUES),
    attributes,
    fields,
  };
}
