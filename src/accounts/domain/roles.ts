export const ROLES = ['seller', 'buyer', 'clerk', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Roles a person may give themselves at registration; staff roles are granted by an admin. */
export const SELF_SERVICE_ROLES: readonly Role[] = ['seller', 'buyer'];
export const STAFF_ROLES: readonly Role[] = ['clerk', 'supervisor', 'admin'];

export function isStaff(roles: readonly string[]): boolean {
  return roles.includes('clerk') || roles.includes('supervisor');
}
