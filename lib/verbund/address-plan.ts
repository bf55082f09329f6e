import { type Cidr, formatCidr, subdivide } from "./cidr";

/** The subnets every spoke has, by role. The role names are part of construct IDs: never rename. */
export const SUBNET_ROLES = ["sessionhosts", "privateendpoints", "management"] as const;
export type SubnetRole = (typeof SUBNET_ROLES)[number];

/**
 * How a spoke's address space is divided, as a fraction of it (see docs/address-plan.md):
 * session hosts the first half, private endpoints the third quarter, management the seventh
 * eighth; the last eighth stays free for later subnets. Changing this layout moves subnets in
 * production, so it is fixed.
 */
const LAYOUT: Readonly<Record<SubnetRole, { readonly extraBits: number; readonly index: number }>> = {
  sessionhosts: { extraBits: 1, index: 0 },
  privateendpoints: { extraBits: 2, index: 2 },
  management: { extraBits: 3, index: 6 },
};

/** The block of the spoke left free for later subnets. */
export function reservedBlock(space: Cidr): Cidr {
  return subdivide(space, space.prefix + 3, 7);
}

/** Carves a spoke's subnets from its address space. */
export function planSubnets(space: Cidr): Readonly<Record<SubnetRole, string>> {
  const plan = {} as Record<SubnetRole, string>;
  for (const role of SUBNET_ROLES) {
    const { extraBits, index } = LAYOUT[role];
    plan[role] = formatCidr(subdivide(space, space.prefix + extraBits, index));
  }
  return plan;
}
