import type { core } from "zod";

/** One thing wrong with the input: where it is (file and field) and what is wrong. */
export interface Problem {
  /** Path of the file, relative to the project root where possible. */
  readonly file: string;
  /** Field path inside the file, e.g. `network.addressSpace` or `members[2].ags`; empty for the whole file. */
  readonly field: string;
  readonly message: string;
}

/** A run's outcome: the value, or every problem found. Errors are values until the CLI. */
export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problems: readonly Problem[] };

/** Formats a problem as the one line the CLI prints. */
export function formatProblem(problem: Problem): string {
  return problem.field ? `${problem.file}: ${problem.field}: ${problem.message}` : `${problem.file}: ${problem.message}`;
}

/** Renders a field path the way a reader writes it: `members[2].ags`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else out += out ? `.${String(segment)}` : String(segment);
  }
  return out;
}

/** Turns zod issues into problems, one per issue (and one per unknown key). */
export function problemsFromZod(file: string, issues: readonly core.$ZodIssue[], base: readonly PropertyKey[] = []): Problem[] {
  const problems: Problem[] = [];
  for (const issue of issues) {
    const path = [...base, ...issue.path];
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        problems.push({ file, field: formatPath([...path, key]), message: "unknown field (check the spelling; unknown fields are rejected so a typo never falls back to a default)" });
      }
    } else if (issue.code === "invalid_type" && issue.input === undefined) {
      problems.push({ file, field: formatPath(path), message: `required field is missing (expected ${issue.expected})` });
    } else if (issue.code === "invalid_union" && issue.input === undefined) {
      problems.push({ file, field: formatPath(path), message: "required field is missing" });
    } else if (issue.code === "invalid_union" && matchedOption(issue.errors)) {
      // The input has the shape of one option (e.g. an object where "entra" | {…} is allowed):
      // its field errors say more than "invalid input".
      problems.push(...problemsFromZod(file, matchedOption(issue.errors) ?? [], path));
    } else {
      problems.push({ file, field: formatPath(path), message: issue.message });
    }
  }
  return problems;
}

/** The union option whose issues all lie below the root, i.e. the option the input was meant to be. */
function matchedOption(options: readonly (readonly core.$ZodIssue[])[]): readonly core.$ZodIssue[] | undefined {
  const candidates = options.filter((issues) => issues.length > 0 && issues.every((i) => i.path.length > 0));
  return candidates.length === 1 ? candidates[0] : undefined;
}
