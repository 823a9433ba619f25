import type { Phase } from './loader';

/** The first topic, in reading order, that is not done; undefined when everything is done. */
export function nextTopic(phases: readonly Phase[], isDone: (key: string) => boolean): { phaseId: string; topicId: string } | undefined {
  for (const phase of phases) {
    for (const topic of phase.topics) {
      if (!isDone(`${phase.id}/${topic.id}`)) return { phaseId: phase.id, topicId: topic.id };
    }
  }
  return undefined;
}
