import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toSignIn } from '../logs/sign-in.ts';
import { categoryOf, insights } from './insights.ts';

const signIn = (userId: string, results: Array<[string, string]>) => toSignIn({
  userId,
  appliedConditionalAccessPolicies: results.map(([id, result]) => ({ id, displayName: id, result, enforcedGrantControls: [], enforcedSessionControls: [] })),
});
const all = () => true;

describe('the insights workbook categories', () => {
  const table: Array<[string, Array<[string, string]>, string]> = [
    ['any failure is a failure, enforced or report-only', [['a', 'success'], ['b', 'reportOnlyFailure']], 'failure'],
    ['a report-only prompt with no failure needs user action', [['a', 'reportOnlyInterrupted'], ['b', 'success']], 'userActionRequired'],
    ['only successes are a success', [['a', 'success'], ['b', 'reportOnlySuccess']], 'success'],
    ['nothing applied is not applied', [['a', 'notApplied'], ['b', 'reportOnlyNotApplied'], ['c', 'notEnabled']], 'notApplied'],
    ['no policies at all is not applied', [], 'notApplied'],
  ];
  for (const [name, results, expected] of table) it(name, () => assert.equal(categoryOf(signIn('u', results), all), expected));

  it('only the selected policies count', () => {
    assert.equal(categoryOf(signIn('u', [['a', 'failure'], ['b', 'success']]), (id) => id === 'b'), 'success');
  });

  it('the users view counts each user once per category; the sign-ins view counts every sign-in', async () => {
    const events = [signIn('u1', [['a', 'reportOnlyInterrupted']]), signIn('u1', [['a', 'reportOnlyInterrupted']]), signIn('u2', [['a', 'success']])];
    const stream = async function* () { yield* events; };
    const bySignIns = await insights(stream(), all);
    const byUsers = await insights(stream(), all, { view: 'users' });
    assert.deepEqual([bySignIns.userActionRequired, bySignIns.success, bySignIns.total], [2, 1, 3]);
    assert.deepEqual([byUsers.userActionRequired, byUsers.success, byUsers.total], [1, 1, 2]);
  });

  it('breaks the sign-ins down by the risk level they were logged with', async () => {
    const risky = toSignIn({ userId: 'u1', riskLevelAggregated: 'high', riskState: 'confirmedCompromised', riskDetail: 'adminConfirmedUserCompromised',
      appliedConditionalAccessPolicies: [{ id: 'a', displayName: 'a', result: 'failure', enforcedGrantControls: ['Block'], enforcedSessionControls: [] }] });
    const stream = async function* () { yield risky; yield signIn('u2', [['a', 'notApplied']]); };
    const report = await insights(stream(), all);
    assert.deepEqual(report.byRiskLevel.map((r) => [r.key, r.failure, r.notApplied]), [['high', 1, 0], ['none', 0, 1]]);
  });
});
