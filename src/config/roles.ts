/** The five roles of API.md; one per API key. `admin` may do everything. */
export const ROLES = ['partner-manager', 'finance', 'approver', 'auditor', 'admin'] as const;

export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
