/**
 * Reads a declaration file as data: it is parsed (never executed) and only literal values are
 * accepted. The grammar (docs/design.md, "Declarations are data, parsed and never run"):
 *
 *   File    := Import ExportDefault                   comments anywhere, nothing else
 *   Import  := import { F } from "../lib/declaration" ;?     F is defineTraeger or defineVerbund
 *   Export  := export default F ( Value ) ;?                 the same F, one argument, no type arguments
 *   Value   := Object | Array | String | Number | true | false | null
 *            | `text without ${…}` | Value as const
 *   Object  := { (Key : Value ,?)* }                  Key: identifier or string; no computed,
 *                                                     shorthand, spread, method, getter or __proto__
 *                                                     key, no key twice
 *   Array   := [ (Value ,?)* ]                        no holes, no spreads
 *   Number  := a finite numeric literal (no sign, no bigint)
 *
 * Objects are built with a null prototype, so no key can reach Object.prototype.
 */
import { parse } from "@babel/parser";
import { type AstNode, describeNode, describeStatement } from "./syntax-names";

/** Modules a declaration may import its define function from (tenants/ and the project root). */
export const DECLARATION_SPECIFIERS: ReadonlySet<string> = new Set(["../lib/declaration", "../lib/declaration/index", "./lib/declaration", "./lib/declaration/index"]);
/** The functions a declaration may call, once, around its data. */
export const DEFINE_FUNCTIONS = ["defineTraeger", "defineVerbund"] as const;
export type DefineFunction = (typeof DEFINE_FUNCTIONS)[number];

/** Deepest nesting of objects and arrays a declaration may have (the schema needs 5). */
export const MAX_DEPTH = 12;

/** Where in the file something is not allowed: 1-based line and column, as editors show them. */
export interface Refusal {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/** The declaration's data and the function it was wrapped in, or every refusal found. */
export type ParsedSource = { readonly ok: true; readonly define: DefineFunction; readonly value: unknown } | { readonly ok: false; readonly refusals: readonly Refusal[] };

interface Position {
  readonly line: number;
  readonly column: number;
}

/** Parses a declaration's source text and returns its data, or every refusal with line and column. */
export function parseDeclarationSource(source: string): ParsedSource {
  let program: AstNode;
  try {
    program = parse(source, { sourceType: "module", plugins: ["typescript"], errorRecovery: false, createParenthesizedExpressions: true }).program as unknown as AstNode;
  } catch (error) {
    const loc = (error as { loc?: Position }).loc;
    const message = String((error as Error).message ?? error).replace(/ \(\d+:\d+\)$/, "");
    if (error instanceof RangeError) return refuse({ line: 1, column: 1, message: "is nested too deeply to read" });
    return refuse({ line: loc?.line ?? 1, column: (loc?.column ?? 0) + 1, message: `syntax error: ${message}` });
  }
  const refusals: Refusal[] = [];
  const at = (node: AstNode, message: string) => refusals.push({ line: node.loc?.start.line ?? 1, column: (node.loc?.start.column ?? 0) + 1, message });

  for (const directive of (program.directives as AstNode[] | undefined) ?? []) at(directive, "a directive is not allowed here (a declaration is one import and one `export default`)");

  let imported: DefineFunction | undefined;
  let sawImport = false;
  let define: DefineFunction | undefined;
  let value: unknown;
  let sawExport = false;
  for (const statement of program.body as AstNode[]) {
    if (statement.type === "ImportDeclaration" && !imported && !sawExport) {
      sawImport = true;
      imported = checkImport(statement, at);
    } else if (statement.type === "ExportDefaultDeclaration" && !sawExport) {
      sawExport = true;
      const result = checkExport(statement, imported, sawImport && !imported, at);
      define = result?.define;
      value = result?.value;
    } else {
      at(statement, `${describeStatement(statement, sawExport)} is not allowed here (a declaration is one import and one \`export default\`)`);
    }
  }
  if (!sawImport && refusals.length === 0) refusals.push({ line: 1, column: 1, message: 'has no `import { defineTraeger } from "../lib/declaration"`' });
  if (!sawExport && refusals.length === 0) refusals.push({ line: 1, column: 1, message: "has no default export (write `export default defineTraeger({ … })`)" });
  if (refusals.length > 0 || !define) return { ok: false, refusals: refusals.length > 0 ? refusals : [{ line: 1, column: 1, message: "has no declaration" }] };
  return { ok: true, define, value };
}

function refuse(refusal: Refusal): ParsedSource {
  return { ok: false, refusals: [refusal] };
}

type At = (node: AstNode, message: string) => void;

function checkImport(statement: AstNode, at: At): DefineFunction | undefined {
  const source = statement.source as AstNode & { value: string };
  const specifiers = statement.specifiers as AstNode[];
  if (!DECLARATION_SPECIFIERS.has(source.value)) {
    at(source, `an import of ${JSON.stringify(source.value)} is not allowed here: a declaration imports only "../lib/declaration" (declarations are plain data)`);
    return undefined;
  }
  if (statement.importKind === "type" || (Array.isArray(statement.attributes) && statement.attributes.length > 0) || statement.phase) {
    at(statement, "this form of import is not allowed here: write `import { defineTraeger } from \"../lib/declaration\"`");
    return undefined;
  }
  const only = specifiers.length === 1 ? specifiers[0] : undefined;
  const importedName = only?.type === "ImportSpecifier" ? ((only.imported as AstNode).name as string | undefined) : undefined;
  const localName = only?.type === "ImportSpecifier" ? ((only.local as AstNode).name as string | undefined) : undefined;
  if (!only || only.importKind === "type" || !importedName || importedName !== localName || !(DEFINE_FUNCTIONS as readonly string[]).includes(importedName)) {
    at(only ?? statement, "only `import { defineTraeger }` (or `{ defineVerbund }` in verbund.ts) is allowed here, without renaming");
    return undefined;
  }
  return importedName as DefineFunction;
}

function checkExport(statement: AstNode, imported: DefineFunction | undefined, importRefused: boolean, at: At): { define: DefineFunction; value: unknown } | undefined {
  // After a refused import, what the export does with it says nothing new: one problem, one line.
  if (importRefused) return undefined;
  const call = statement.declaration as AstNode;
  if (call.type !== "CallExpression") {
    at(call, `${describeNode(call)} is not allowed here: write \`export default defineTraeger({ … })\``);
    return undefined;
  }
  const callee = call.callee as AstNode;
  const args = call.arguments as AstNode[];
  if (callee.type !== "Identifier" || !(DEFINE_FUNCTIONS as readonly string[]).includes(callee.name as string)) {
    at(callee, `a call of anything but defineTraeger (or defineVerbund in verbund.ts) is not allowed here: write \`export default defineTraeger({ … })\``);
    return undefined;
  }
  if (callee.name !== imported) {
    at(callee, `${String(callee.name)} is not the function imported from "../lib/declaration"`);
    return undefined;
  }
  if (call.typeParameters || call.typeArguments || call.optional) {
    at(call, "type arguments or optional calls are not allowed here");
    return undefined;
  }
  if (args.length !== 1) {
    at(call, `${String(callee.name)} takes exactly one object here (got ${args.length} arguments)`);
    return undefined;
  }
  const value = literalValue(args[0]!, 1, at);
  return { define: callee.name as DefineFunction, value };
}

/** The value of a literal, or undefined after recording why it is not one. Walks everything, so one run reports every refusal. */
function literalValue(node: AstNode, depth: number, at: At): unknown {
  if (depth > MAX_DEPTH) {
    at(node, `nesting deeper than ${MAX_DEPTH} levels is not allowed here`);
    return undefined;
  }
  switch (node.type) {
    case "StringLiteral":
      return node.value as string;
    case "NumericLiteral": {
      const number = node.value as number;
      if (!Number.isFinite(number)) at(node, "a number too large to be finite is not allowed here");
      return number;
    }
    case "BooleanLiteral":
      return node.value as boolean;
    case "NullLiteral":
      return null;
    case "TemplateLiteral": {
      const quasis = node.quasis as AstNode[];
      if ((node.expressions as AstNode[]).length > 0) {
        at((node.expressions as AstNode[])[0]!, "a `${…}` substitution is not allowed here: write the text itself");
        return undefined;
      }
      const cooked = (quasis[0]?.value as { cooked?: string | null } | undefined)?.cooked;
      if (typeof cooked !== "string") {
        at(node, "an invalid escape in a template literal is not allowed here");
        return undefined;
      }
      return cooked;
    }
    case "TSAsExpression": {
      const annotation = node.typeAnnotation as AstNode;
      const isConst = annotation.type === "TSTypeReference" && (annotation.typeName as AstNode).type === "Identifier" && (annotation.typeName as AstNode).name === "const" && !annotation.typeParameters && !annotation.typeArguments;
      if (!isConst) at(annotation, "a type assertion other than `as const` is not allowed here");
      return literalValue(node.expression as AstNode, depth, at);
    }
    case "ParenthesizedExpression":
      return literalValue(node.expression as AstNode, depth, at);
    case "ArrayExpression": {
      const out: unknown[] = [];
      for (const element of node.elements as (AstNode | null)[]) {
        if (element === null) {
          at(node, "an empty slot in an array (`[a, , b]`) is not allowed here");
          continue;
        }
        if (element.type === "SpreadElement") {
          at(element, "a spread (`...`) is not allowed here: write the values themselves");
          continue;
        }
        out.push(literalValue(element, depth + 1, at));
      }
      return out;
    }
    case "ObjectExpression":
      return objectValue(node, depth, at);
    case "UnaryExpression":
      if (node.operator === "-" && (node.argument as AstNode).type === "NumericLiteral") {
        at(node, "a negative number is not allowed here: no field of a declaration takes one");
        return undefined;
      }
      at(node, `${describeNode(node)} is not allowed here: only literal values (text, numbers, true/false, null, objects, arrays)`);
      return undefined;
    default:
      at(node, `${describeNode(node)} is not allowed here: only literal values (text, numbers, true/false, null, objects, arrays)`);
      return undefined;
  }
}

function objectValue(node: AstNode, depth: number, at: At): Record<string, unknown> {
  // A null prototype: keys are plain data and never reach Object.prototype.
  const out = Object.create(null) as Record<string, unknown>;
  const seen = new Map<string, Position>();
  for (const property of node.properties as AstNode[]) {
    if (property.type === "SpreadElement") {
      at(property, "a spread (`...`) is not allowed here: write the fields themselves");
      continue;
    }
    if (property.type === "ObjectMethod") {
      const kind = property.kind === "get" ? "a getter" : property.kind === "set" ? "a setter" : "a method";
      at(property, `${kind} is not allowed here: write the value itself`);
      continue;
    }
    if (property.type !== "ObjectProperty") {
      at(property, `${describeNode(property)} is not allowed here`);
      continue;
    }
    const keyNode = property.key as AstNode;
    if (property.computed) {
      at(keyNode, "a computed key (`[…]:`) is not allowed here: write the field name");
      continue;
    }
    if (property.shorthand) {
      at(property, `a shorthand field (\`{ ${String(keyNode.name)} }\`) is not allowed here: write \`${String(keyNode.name)}: value\``);
      continue;
    }
    const key = keyNode.type === "Identifier" ? (keyNode.name as string) : keyNode.type === "StringLiteral" ? (keyNode.value as string) : undefined;
    if (key === undefined) {
      at(keyNode, `${describeNode(keyNode)} as a field name is not allowed here: write the name as a word or a string`);
      continue;
    }
    if (key === "__proto__") {
      at(keyNode, "the key `__proto__` is not allowed here");
      continue;
    }
    const first = seen.get(key);
    const value = literalValue(property.value as AstNode, depth + 1, at);
    if (first) {
      at(keyNode, `the field "${key}" appears twice (first at line ${first.line}, column ${first.column + 1}): write it once`);
      continue;
    }
    seen.set(key, keyNode.loc?.start ?? { line: 1, column: 0 });
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}
