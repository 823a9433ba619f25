/**
 * The registry: the one list of coaching rules. Everything else that names rules is derived from it —
 * the RuleId type, RULES, the default severities, the severity schema, the CLI help, SARIF
 * descriptors, ignore-comment validation and the `package.json` settings schema
 * (`npm run gen:settings`; a unit test fails when package.json drifts).
 *
 * Adding a rule: create `rules/<id>.ts` (see README, "Adding a rule") and list it here.
 */
import type { Rule, RuleMeta } from '../rule';
import type { Severity } from '../types';
import consoleInService from './console-in-service';
import offsetPagination from './offset-pagination';
import floatingPromise from './floating-promise';
import missingTimeout from './missing-timeout';
import misusedPromise from './misused-promise';
import sqlInjection from './sql-injection';
import weakPasswordHash from './weak-password-hash';
import jwtWithoutExpiry from './jwt-without-expiry';
import blockingCallInRequest from './blocking-call-in-request';
import nPlusOne from './n-plus-one';
import noGracefulShutdown from './no-graceful-shutdown';

export const RULE_LIST = [consoleInService, offsetPagination, floatingPromise, misusedPromise, missingTimeout, sqlInjection, weakPasswordHash, jwtWithoutExpiry, blockingCallInRequest, nPlusOne, noGracefulShutdown] as const;

export type RuleId = (typeof RULE_LIST)[number]['meta']['id'];

export const RULE_IDS: readonly RuleId[] = RULE_LIST.map((r) => r.meta.id);

/** Metadata by id. */
export const RULES = Object.fromEntries(RULE_LIST.map((r) => [r.meta.id, r.meta])) as Record<RuleId, RuleMeta<RuleId>>;

export function isRuleId(id: string): id is RuleId {
  return (RULE_IDS as readonly string[]).includes(id);
}

/** The rule implementations by id (for the engine). */
export const RULE_IMPLEMENTATIONS = RULE_LIST as readonly Rule<RuleId>[];

export const DEFAULT_SEVERITIES = Object.fromEntries(RULE_LIST.map((r) => [r.meta.id, r.meta.defaultSeverity])) as Record<RuleId, Severity>;
