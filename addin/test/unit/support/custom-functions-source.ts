// Reads the custom functions declared in source: every function whose JSDoc carries @customfunction,
// with the id and parameters (names, optionality) its JSDoc and signature give. Independent of
// custom-functions-metadata, so the generated functions.json can be checked against it.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export interface DeclaredFunction {
  file: string;
  functionName: string;
  /** The id as written after @customfunction, or the function's name when none is. */
  declaredId: string;
  declaredName: string | null;
  parameters: { name: string; optional: boolean }[];
}

/** Excel passes these as a trailing argument; they are not parameters a user types. */
const INVOCATION_TYPES = /\bCustomFunctions\.(Invocation|StreamingInvocation|CancelableInvocation)\b/;

export function declaredFunctions(file: string, source = readFileSync(file, 'utf8')): DeclaredFunction[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: DeclaredFunction[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionDeclaration(node) && node.name) {
      const tag = ts.getJSDocTags(node).find((t) => t.tagName.text.toLowerCase() === 'customfunction');
      if (tag) found.push(describe(file, node, tag));
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

function describe(file: string, fn: ts.FunctionDeclaration, tag: ts.JSDocTag): DeclaredFunction {
  const functionName = fn.name!.text;
  const words = (ts.getTextOfJSDocComment(tag.comment) ?? '').trim().split(/\s+/).filter(Boolean);
  const docParams = new Map(
    ts.getAllJSDocTags(fn, ts.isJSDocParameterTag).map((p) => [p.name.getText(), p.isBracketed] as const),
  );
  const signature = fn.parameters.filter((p) => !(p.type && INVOCATION_TYPES.test(p.type.getText())));
  const parameters = signature.map((p) => {
    const name = p.name.getText();
    return { name, optional: Boolean(p.questionToken || p.initializer || p.dotDotDotToken || docParams.get(name)) };
  });
  return { file, functionName, declaredId: words[0] ?? functionName, declaredName: words[1] ?? null, parameters };
}

/** Every .ts file under `dir`, recursively. */
export function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return typeScriptFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}
