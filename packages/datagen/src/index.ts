export { generatePeople, meanRecordsPerPerson } from './generate-people.ts';
export type { GenerateOptions, GeneratedRecord } from './generate-people.ts';
export type { SourceName } from './record/record-context.ts';
export { createRandom } from './random/random.ts';
export type { Random } from './random/random.ts';
export { luhnCheckDigit, isLuhnValid } from './identifiers/luhn.ts';
export { typo, adjacentKeys } from './corrupt/typo.ts';
export { emailVariant } from './corrupt/email-variant.ts';
export { formatPhone } from './corrupt/phone-format.ts';
