export {
  startIngestApp,
  TEST_API_KEY,
  type IngestAppHarness,
  type ServiceModule,
} from './ingest-app.harness.ts';
export { topicReader, type TopicMessage, type TopicReader } from '@rapport/testing';
