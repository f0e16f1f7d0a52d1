import type { FormRule } from 'antd';
import type { TFunction } from 'i18next';
import type { PasswordPolicy } from '../../api/types.ts';
import { passwordProblem } from './passwordPolicy.ts';

/**
 * antd form rule enforcing the server's password policy, with the policy's numbers in the message.
 * `username` is read when the rule runs, so a form may pass a getter for a field still being typed.
 */
export function passwordRule(policy: PasswordPolicy, t: TFunction, username?: () => string | undefined): FormRule {
  return {
    validator: (_r, value: string | undefined) => {
      if (!value) return Promise.resolve();
      const problem = passwordProblem(value, policy, username?.());
      return problem ? Promise.reject(new Error(t(`auth.${problem}`, { ...policy }))) : Promise.resolve();
    },
  };
}
