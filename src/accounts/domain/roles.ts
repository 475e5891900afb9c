export const ROLES = ['seller', 'buyer', 'clerk', 'supervisor', 'admin', 'lender'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Roles a person may give themselves at registration; the others are granted by an admin: the centre's staff, and
 * `lender` (a bank, an ORGANIZATION: registers mortgages on certified rights, has no trading actions).
 */
export const SELF_SERVICE_ROLES: readonly Role[] = ['seller', 'buyer'];
export const STAFF_ROLES: readonly Role[] = ['clerk', 'supervisor', 'admin', 'lender'];

export function isStaff(roles: readonly string[]): boolean {
  return roles.includes('clerk') || roles.includes('supervisor');
}
