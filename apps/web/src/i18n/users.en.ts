/** English strings of account administration that the shared file does not hold: role descriptions, temporary passwords. */
export const usersEn = {
  usersView: {
    generate: 'Generate a temporary password',
    generated: 'Temporary password generated; it is shown once after creation',
    tempTitle: 'Note the temporary password',
    tempBody: 'The temporary password of “{{username}}” is below. It is not shown again once closed: tell the user in person or by phone; it must be changed at the first sign-in.',
    copy: 'Copy',
    copied: 'Copied',
    roleHelp: {
      system_admin: 'Everything, including system settings and verifying the audit log',
      city_admin: 'All work and user administration city-wide, without system settings',
      county_admin: 'All work and user administration in the county',
      works_manager: 'Register, edit, import works; life cycle, upkeep and inspections',
      siren_manager: 'Register, maintain and remotely control sirens',
      duty_officer: 'Control sirens and issue alerts',
      planner: 'Civil air defence planning: balances and allocation runs',
      enforcement_officer: 'Regulation and enforcement checks, field inspections',
      inspector: 'View works and submit field inspections (phone)',
      viewer: 'View only, no changes',
    },
  },
};
