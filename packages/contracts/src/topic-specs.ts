import { deadLetterTopicName, topicName, type TopicDef } from './topic-def.ts';
import { allTopics, deadLetterRetentionMs } from './topics.ts';

/** A topic to create, in the shape kafkajs `admin.createTopics({ topics })` takes. */
export interface TopicSpec {
  topic: string;
  numPartitions: number;
  configEntries: { name: string; value: string }[];
}

// Dead letters are rare and their order does not matter; few partitions keep the broker light.
const deadLetterPartitions = 3;

/** Every registered topic and its dead-letter topic, with `prefix`, for infra setup and test fixtures. */
export function topicSpecs(prefix = '', defs: readonly TopicDef[] = allTopics): TopicSpec[] {
  return defs.flatMap((def) => {
    const name = topicName(def, prefix);
    const entries: TopicSpec['configEntries'] = [{ name: 'cleanup.policy', value: def.cleanupPolicy }];
    if (def.retentionMs !== undefined) entries.push({ name: 'retention.ms', value: String(def.retentionMs) });
    return [
      { topic: name, numPartitions: def.partitions, configEntries: entries },
      {
        topic: deadLetterTopicName(name),
        numPartitions: deadLetterPartitions,
        configEntries: [
          { name: 'cleanup.policy', value: 'delete' },
          { name: 'retention.ms', value: String(deadLetterRetentionMs) },
        ],
      },
    ];
  });
}
