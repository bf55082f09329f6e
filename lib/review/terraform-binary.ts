/** Finding Terraform on PATH, and the one line said when it is missing. */
import * as fs from "node:fs";
import * as path from "node:path";
import { TERRAFORM_VERSION } from "./exit-codes";

/** The path of the `terraform` executable on PATH, or undefined. */
export function findTerraform(env: NodeJS.ProcessEnv): string | undefined {
  const names = process.platform === "win32" ? ["terraform.exe", "terraform.cmd"] : ["terraform"];
  for (const dir of (env.PATH ?? "").split(path.delimiter).filter(Boolean)) {
    for (const name of names) {
      const candidate = path.join(dir, name);
      try {
        fs.accessSync(candidate, fs.constants.X_OK);
        if (fs.statSync(candidate).isFile()) return candidate;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

/** The one line a command prints when Terraform is missing. */
export const TERRAFORM_MISSING = `terraform is not on PATH: install Terraform ${TERRAFORM_VERSION} (https://releases.hashicorp.com/terraform/${TERRAFORM_VERSION}/) and run again`;
