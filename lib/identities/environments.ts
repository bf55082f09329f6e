/**
 * The GitHub environments whose workflow runs may sign in to Azure, and as which identity. Each becomes
 * one federated credential of that identity (lib/stacks/platform-stack.ts). No cdktf imports.
 */

/** Azure's limit of federated identity credentials per user-assigned managed identity (Microsoft Learn, "workload identity federation considerations"). */
export const FEDERATED_CREDENTIALS_PER_IDENTITY = 20;
/** The issuer of GitHub Actions' OIDC tokens. */
export const GITHUB_OIDC_ISSUER = "https://token.actions.githubusercontent.com";
/** The audience Entra ID expects in a federated token. */
export const FEDERATED_AUDIENCE = "api://AzureADTokenExchange";

/** The two identities that run Terraform. */
export type IdentityRole = "plan" | "deploy";

/** One GitHub environment trusted by one identity. */
export interface GithubEnvironment {
  readonly name: string;
  readonly identity: IdentityRole;
  readonly why: string;
}

/** The environments of the read-only plan identity: plans of pull requests and nightly drift. */
export function planIdentityEnvironments(): readonly GithubEnvironment[] {
  return [
    { name: "plan", identity: "plan", why: "plans of pull requests that change only tenants/" },
    { name: "plan-platform", identity: "plan", why: "plans of pull requests that change anything outside tenants/ (the environment needs approval)" },
    { name: "drift", identity: "plan", why: "the nightly refresh-only plans of every stack" },
  ];
}

/** The environments of the deploy identity: one per Träger, and the platform stack's. */
export function deployIdentityEnvironments(model: { readonly traeger: readonly { readonly id: string }[] }): readonly GithubEnvironment[] {
  return [
    { name: "deploy-platform", identity: "deploy", why: "applies the platform stack" },
    ...[...model.traeger].map((t) => t.id).sort().map((id): GithubEnvironment => ({ name: `deploy-${id}`, identity: "deploy", why: `applies the stack of ${id}` })),
  ];
}

/** The OIDC subject GitHub puts into a token of a job that runs in an environment. */
export function githubSubject(repository: string, environment: string): string {
  return `repo:${repository}:environment:${environment}`;
}
