/**
 * A new Träger whose subscription the Verbund vends cannot have its own stack planned in its pull
 * request: the stack reads the subscription's id from the state of `<id>--subscription`, which only the
 * deploy creates. Such a failed plan is not a red failure but "waits for its subscription" — when, and
 * only when, the synthesized stack reads that state, Terraform's error is about that state or its
 * output, and the same run plans the subscription stack vending the subscription (creating its alias).
 * The deploy then refuses the stack until its first plan is reviewed in a deploy run (README, "Onboarding").
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { FailureRecord } from "./failure-record";
import { actionOf, type StackPlan } from "./plan-json";
import { subscriptionStackId } from "../verbund/model";

/** Terraform's errors when a remote state or one of its outputs does not exist yet (Terraform 1.11, builtin terraform_remote_state). */
const NOT_YET = /No stored state was found|Unable to find remote state|Unsupported attribute[\s\S]*subscription_id|does not have an attribute named "subscription_id"/;

/** Whether a synthesized stack reads a vended subscription's id from its subscription stack's state. */
export function readsVendedSubscription(stacksDir: string, stack: string): boolean {
  try {
    const json = JSON.parse(fs.readFileSync(path.join(stacksDir, stack, "cdk.tf.json"), "utf8")) as { data?: { terraform_remote_state?: Record<string, unknown> } };
    return json.data?.terraform_remote_state?.subscription !== undefined;
  } catch {
    return false;
  }
}

/** One Träger stack that waits for its subscription stack. */
export interface AwaitingSubscription {
  readonly stack: string;
  readonly subscriptionStack: string;
}

/** Splits plan failures into real failures and stacks that wait for their vended subscription. */
export function splitAwaitingSubscription(failures: readonly FailureRecord[], plans: readonly StackPlan[], stacksDir: string): { failures: FailureRecord[]; awaiting: AwaitingSubscription[] } {
  const kept: FailureRecord[] = [];
  const awaiting: AwaitingSubscription[] = [];
  for (const failure of failures) {
    const subscriptionStack = subscriptionStackId(failure.stack);
    const vends = plans.some((p) => p.stack === subscriptionStack && (p.plan.resource_changes ?? []).some((rc) => rc.type === "azurerm_subscription" && actionOf(rc.change) === "create"));
    if (failure.mode === "plan" && vends && NOT_YET.test(failure.message) && readsVendedSubscription(stacksDir, failure.stack)) awaiting.push({ stack: failure.stack, subscriptionStack });
    else kept.push(failure);
  }
  return { failures: kept, awaiting };
}
