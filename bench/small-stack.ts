/**
 * What a second, small stack per Träger would cost (bench/run.ts): a per-Träger subscription stack of
 * seven resources (subscription alias, management-group association, budget, three Defender pricings,
 * the activity log's diagnostic setting) with its provider and backend, built, synthesized, checked
 * on its final JSON, written and released by the synth's own per-stack path (lib/app), one thread.
 * It stands in for the stack being added to the project, so that the bench can show the per-stack
 * overhead before that stack exists; it is not part of the synth.
 * Prints {"stacks": n, "cpuMsPerStack": x} after n stacks (argument; default 300), after a warm-up.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ConsumptionBudgetSubscription } from "@cdktf/provider-azurerm/lib/consumption-budget-subscription";
import { ManagementGroupSubscriptionAssociation } from "@cdktf/provider-azurerm/lib/management-group-subscription-association";
import { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { SecurityCenterSubscriptionPricing } from "@cdktf/provider-azurerm/lib/security-center-subscription-pricing";
import { Subscription } from "@cdktf/provider-azurerm/lib/subscription";
import { AzurermBackend, TerraformStack } from "cdktf";
import { newApp } from "../lib/app/build";
import { createManifest, synthesizeStack } from "../lib/app/synth-stack";
import { stackUnits, type TraegerUnit } from "../lib/app/units";
import { markTokens, releaseTokensSince } from "../lib/stacks/stack-json";
import { loadVerbund } from "../lib/verbund";

function buildSmallStack(unit: TraegerUnit, outdir: string) {
  const app = newApp(outdir);
  const { traeger, verbund } = unit;
  const stack = new TerraformStack(app, `${traeger.id}-subscription`);
  new AzurermProvider(stack, "azurerm", { subscriptionId: traeger.subscriptionId, tenantId: verbund.entraTenantId, storageUseAzuread: true, resourceProviderRegistrations: "none", features: [{}] });
  new AzurermBackend(stack, {
    subscriptionId: verbund.stateBackend.subscriptionId,
    resourceGroupName: verbund.stateBackend.resourceGroupName,
    storageAccountName: verbund.stateBackend.storageAccountName,
    containerName: verbund.stateBackend.containerName,
    key: `${traeger.id}-subscription.tfstate`,
    tenantId: verbund.entraTenantId,
    useAzureadAuth: true,
  });
  const subscription = new Subscription(stack, "subscription", { alias: `ksm-${traeger.id}`, subscriptionName: `KSM ${traeger.name}`, subscriptionId: traeger.subscriptionId, tags: traeger.tags });
  const scope = `/subscriptions/${subscription.subscriptionId}`;
  new ManagementGroupSubscriptionAssociation(stack, "management-group", { managementGroupId: verbund.identities.traegerManagementGroupId, subscriptionId: scope });
  new ConsumptionBudgetSubscription(stack, "budget", {
    name: `budget-${traeger.id}`,
    subscriptionId: scope,
    amount: 5000,
    timePeriod: { startDate: "2024-01-01T00:00:00Z" },
    notification: [{ operator: "GreaterThan", threshold: 80, contactEmails: [verbund.monitoring.platformTeamEmail] }],
  });
  for (const resourceType of ["VirtualMachines", "StorageAccounts", "KeyVaults"]) new SecurityCenterSubscriptionPricing(stack, `defender-${resourceType}`, { tier: "Standard", resourceType });
  new MonitorDiagnosticSetting(stack, "activity-log", {
    name: "activity-log",
    targetResourceId: scope,
    logAnalyticsWorkspaceId: verbund.monitoring.logAnalyticsWorkspaceId,
    enabledLog: ["Administrative", "Security", "Policy"].map((category) => ({ category })),
  });
  return { app, stack };
}

const count = Number(process.argv[2] ?? 300);
const { verbund, problems } = loadVerbund();
if (!verbund) throw new Error(problems.map((p) => p.message).join("\n"));
const units = stackUnits(verbund.model).filter((u): u is TraegerUnit => u.kind === "traeger");
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-small-stack-"));
try {
  const manifest = createManifest(newApp(outdir), outdir);
  const mark = markTokens();
  const run = (n: number) => {
    for (let i = 0; i < n; i += 1) {
      const unit = units[i % units.length]!;
      const { app, stack } = buildSmallStack(unit, outdir);
      synthesizeStack(app, stack, manifest, unit.facts);
      releaseTokensSince(mark);
    }
  };
  run(20); // warm-up: the first stacks load and compile the resource classes
  const before = process.cpuUsage();
  run(count);
  const used = process.cpuUsage(before);
  process.stdout.write(`${JSON.stringify({ stacks: count, cpuMsPerStack: (used.user + used.system) / 1000 / count })}\n`);
} finally {
  fs.rmSync(outdir, { recursive: true, force: true });
}
