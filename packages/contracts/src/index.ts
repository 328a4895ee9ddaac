export * from './person-record.ts';
