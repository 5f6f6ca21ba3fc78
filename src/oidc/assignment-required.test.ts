import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cliClient, consoleClient, myAccountClient } from '../directory/index.ts';
import { mayUseApp, notAssignedMessage } from './assignment-required.ts';

describe('assignment required, the decision', () => {
  const app = { appId: '6f1c2d3e-0000-4000-8000-000000000001', appRoleAssignmentRequired: true };

  test('an app that does not require assignment admits a person with no assignment', () => {
    assert.equal(mayUseApp({ ...app, appRoleAssignmentRequired: false }, []), true);
  });

  test('an app that requires assignment admits a person holding one (themselves or a direct group) and refuses one holding none', () => {
    assert.equal(mayUseApp(app, ['a-user-or-group-id']), true);
    assert.equal(mayUseApp(app, []), false);
  });

  test('Limen’s own sign-in clients (admin center, CLI, My Security Info) never require assignment, whatever their flag says', () => {
    for (const builtIn of [consoleClient, cliClient, myAccountClient]) {
      assert.equal(mayUseApp({ appId: builtIn.appId, appRoleAssignmentRequired: true }, []), true, builtIn.displayName);
    }
  });

  test('the refusal starts with AADSTS50105 and names the app and the person', () => {
    const message = notAssignedMessage({ appId: app.appId, displayName: 'Payroll' }, 'ada@contoso.test');
    assert.match(message, /^AADSTS50105: .*'Payroll' \(6f1c2d3e-0000-4000-8000-000000000001\).*'ada@contoso\.test'/);
  });
});
