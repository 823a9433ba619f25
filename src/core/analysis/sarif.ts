import { relative, sep } from 'node:path';
import { RULES, RULE_IDS, type Finding } from './types';

/** `vscode://…/lesson?phase=…&topic=…`: VS Code hands it to the extension, which opens the lesson topic. */
export function lessonUri(phaseId: string, topicId: string): string {
  return `vscode://backend-roadmap-coach.backend-roadmap-coach/lesson?phase=${encodeURIComponent(phaseId)}&topic=${encodeURIComponent(topicId)}`;
}

const LEVEL = { error: 'error', warning: 'warning', information: 'note', hint: 'note' } as const;

/** SARIF 2.1.0 in the shape GitHub code scanning accepts (rules with help, results with regions). */
export function toSarif(findings: Finding[], root: string, version = '0.1.0'): Record<string, unknown> {
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'roadmap-coach',
            informationUri: 'https://github.com/backend-roadmap-coach/backend-roadmap-coach',
            version,
            rules: RULE_IDS.map((id) => ({
              id,
              name: id.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase()),
              shortDescription: { text: RULES[id].title },
              fullDescription: { text: RULES[id].description },
              help: { text: `${RULES[id].description} Lesson: ${RULES[id].lesson.phaseId}#${RULES[id].lesson.topicId}.` },
              helpUri: lessonUri(RULES[id].lesson.phaseId, RULES[id].lesson.topicId),
              defaultConfiguration: { level: LEVEL[RULES[id].defaultSeverity] },
            })),
          },
        },
        results: findings.map((f) => ({
          ruleId: f.rule,
          ruleIndex: RULE_IDS.indexOf(f.rule),
          level: LEVEL[f.severity],
          message: { text: f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: relative(root, f.file).split(sep).join('/'), uriBaseId: '%SRCROOT%' },
                region: { startLine: f.range.start.line + 1, startColumn: f.range.start.character + 1, endLine: f.range.end.line + 1, endColumn: f.range.end.character + 1 },
              },
            },
          ],
        })),
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
}
