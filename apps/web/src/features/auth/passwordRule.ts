import type { FormRule } from 'antd';
import type { TFunction } from 'i18next';
import { checkPasswordPolicy, type PasswordPolicy } from '@civdef/domain';

/**
 * antd form rule enforcing the server's password policy (the same function, from the domain package), with
 * the policy's numbers in the message. `username` is read when the rule runs, so a form may pass a getter
 * for a field still being typed. The server checks again; this only explains the rule before sending.
 */
export function passwordRule(policy: PasswordPolicy, t: TFunction, username?: () => string | undefined): FormRule {
  return {
    validator: (_r, value: string | undefined) => {
      if (!value) return Promise.resolve();
      const problem = checkPasswordPolicy(value, policy, username?.());
      return problem ? Promise.reject(new Error(t(`auth.${problem.rule}`, { ...policy }))) : Promise.resolve();
    },
  };
}
