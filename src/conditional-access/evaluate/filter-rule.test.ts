import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FilterRuleError, parseFilterRule, type FilterValue } from './filter-rule.ts';

const device = (props: Record<string, FilterValue>) => (path: string) => props[path];
const companyCompliant = device({ 'device.iscompliant': true, 'device.deviceownership': 'Company', 'device.trusttype': 'AzureAD', 'device.systemlabels': ['M365Managed'] });
const unregistered = device({});

// [rule, holds on a compliant company device, holds on an unregistered device (every property null)]
const table: Array<[string, boolean, boolean]> = [
  ['device.isCompliant -eq True', true, false],
  ['device.isCompliant -eq "True"', true, false],
  ['device.deviceOwnership -eq "Company" -and device.isCompliant -eq True', true, false],
  ['device.trustType -eq "ServerAD" -or device.isCompliant -eq True', true, false],
  ['device.trustType -ne "ServerAD"', true, true],
  ['device.extensionAttribute1 -ne "SAW"', true, true],
  ['device.extensionAttribute1 -eq "SAW"', false, false],
  ['device.trustType -in ["AzureAD", "ServerAD"]', true, false],
  ['device.trustType -notIn ["AzureAD", "ServerAD"]', false, true],
  ['device.trustType -startsWith "azure"', true, false],
  ['device.systemLabels -contains "M365Managed"', true, false],
  ['device.systemLabels -notContains "M365Managed"', false, true],
  ['-not (device.isCompliant -eq True)', false, true],
  ['device.extensionAttribute1 -eq null', true, true],
  ['device.trustType -ne null', true, false],
  ['(device.trustType -eq "X" -or device.isCompliant -eq True) -and device.deviceOwnership -eq "Company"', true, false],
  ['device.trustType -eq "X" -or device.isCompliant -eq True -and device.deviceOwnership -eq "Company"', true, false],
  ['DEVICE.ISCOMPLIANT -EQ TRUE', true, false],
];

describe('filter rules (the dynamic-membership syntax Conditional Access filters use)', () => {
  for (const [rule, onCompliant, onUnregistered] of table) {
    it(rule, () => {
      const holds = parseFilterRule(rule);
      assert.deepEqual([holds(companyCompliant), holds(unregistered)], [onCompliant, onUnregistered]);
    });
  }
  for (const bad of ['', 'device.isCompliant', 'device.isCompliant -eq', '(device.isCompliant -eq True', 'device.x -match "a.*"', 'device.x -eq "a" -and']) {
    it(`refuses ${JSON.stringify(bad)}`, () => assert.throws(() => parseFilterRule(bad), FilterRuleError));
  }
});
