import type { z } from 'zod';
import type { IssueDetail } from './http-problem';

/** Zod issues as `{ path: 'terms.commission.rateBps', message }`, one per field; unknown keys one each. */
export function issueDetails(issues: readonly z.core.$ZodIssue[]): IssueDetail[] {
  return issues.flatMap((issue) => {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: path === '' ? key : `${path}.${key}`, message: 'unknown field' }));
    }
    return [{ path, message: issue.message }];
  });
}
