/** How refusals name what they refuse: "a function call", "the identifier `process`". */

/** The few Babel node shapes the declaration parser reads; anything else is refused by its `type`. */
export interface AstNode {
  readonly type: string;
  readonly loc?: { readonly start: { readonly line: number; readonly column: number } } | null;
  readonly [field: string]: unknown;
}

/** A reader's name for an AST node: "a function call", "the identifier `process`". */
export function describeNode(node: AstNode): string {
  switch (node.type) {
    case "Identifier":
      return `the identifier \`${String(node.name)}\``;
    case "CallExpression":
    case "OptionalCallExpression":
      return (node.callee as AstNode).type === "Import" ? "a dynamic `import()`" : "a function call";
    case "ImportExpression":
      return "a dynamic `import()`";
    case "NewExpression":
      return "`new`";
    case "Import":
      return "a dynamic `import()`";
    case "MemberExpression":
    case "OptionalMemberExpression":
      return "a property access";
    case "ArrowFunctionExpression":
    case "FunctionExpression":
      return "a function";
    case "ClassExpression":
      return "a class";
    case "TaggedTemplateExpression":
      return "a tagged template";
    case "BigIntLiteral":
      return "a bigint";
    case "RegExpLiteral":
      return "a regular expression";
    case "NumericLiteral":
      return "a number";
    case "UnaryExpression":
    case "BinaryExpression":
    case "LogicalExpression":
    case "ConditionalExpression":
    case "AssignmentExpression":
    case "UpdateExpression":
    case "SequenceExpression":
      return "an expression";
    case "ObjectExpression":
      return "an object";
    case "ArrayExpression":
      return "an array";
    case "StringLiteral":
    case "TemplateLiteral":
      return "a text";
    case "TSNonNullExpression":
      return "a non-null assertion (`!`)";
    case "TSSatisfiesExpression":
      return "`satisfies`";
    case "TSTypeAssertion":
    case "TSAsExpression":
      return "a type assertion";
    case "AwaitExpression":
      return "`await`";
    case "ThisExpression":
      return "`this`";
    default:
      return `a ${node.type.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase()}`;
  }
}

/** A reader's name for a statement that is not the one import or the one export. */
export function describeStatement(statement: AstNode, sawExport: boolean): string {
  if (statement.type === "ImportDeclaration") return sawExport ? "an import after the export" : "a second import";
  if (statement.type === "ExportDefaultDeclaration") return "a second `export default`";
  if (statement.type === "ExportNamedDeclaration" || statement.type === "ExportAllDeclaration") return "a named export";
  if (statement.type === "ExpressionStatement") return (statement.expression as AstNode).type === "CallExpression" ? "a function call" : "a statement";
  if (statement.type === "VariableDeclaration") return "a variable";
  if (statement.type === "FunctionDeclaration") return "a function";
  if (statement.type === "ClassDeclaration") return "a class";
  if (statement.type.startsWith("TS")) return "a type declaration";
  return `a ${statement.type.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase()}`;
}
