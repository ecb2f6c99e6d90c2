/**
 * A scratch copy of the built project with one mutant in it. The copy holds the compiled `dist/`
 * tree (taken from a base copy made once per harness run, so a rebuild of the working tree meanwhile
 * changes nothing) plus a link to `node_modules`; the mutated source file is transpiled over its
 * compiled twin. Mutants are single-file textual patches, so type checking adds nothing here.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import type { Mutant } from './mutants.js';

/** Where the text to replace occurs in `source`; an error unless exactly once. */
export function applyPatch(source: string, mutant: Pick<Mutant, 'id' | 'file' | 'find' | 'replace'>): string {
  const at = source.indexOf(mutant.find);
  if (at < 0) throw new Error(`mutant ${mutant.id}: the text to replace is not in ${mutant.file}`);
  if (source.indexOf(mutant.find, at + 1) >= 0) throw new Error(`mutant ${mutant.id}: the text to replace occurs more than once in ${mutant.file}`);
  return source.slice(0, at) + mutant.replace + source.slice(at + mutant.find.length);
}

/** Compiles one TypeScript module the way tsconfig.json does (ES2022 modules, no type check). */
export function transpile(source: string, fileName: string): string {
  const out = ts.transpileModule(source, {
    fileName,
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ES2022, esModuleInterop: true },
  });
  return out.outputText;
}

/**
 * A frozen copy of the built tree and of the `core/` sources it was built from, which every scratch
 * copy of one harness run starts from: editing or rebuilding the working tree meanwhile changes
 * nothing in the run.
 */
export function makeBase(root: string): string {
  const base = mkdtempSync(join(tmpdir(), 'lockstep-mutants-base-'));
  cpSync(join(root, 'dist'), join(base, 'dist'), { recursive: true });
  cpSync(join(root, 'core'), join(base, 'core'), { recursive: true });
  cpSync(join(root, 'package.json'), join(base, 'package.json'));
  return base;
}

export interface Scratch {
  dir: string;
  remove(): void;
}

/** A scratch copy of `base` with `mutant` applied to its source (`root` lends its node_modules). */
export function makeScratch(root: string, base: string, mutant: Mutant): Scratch {
  const dir = mkdtempSync(join(tmpdir(), `lockstep-mutant-${mutant.id}-`));
  cpSync(base, dir, { recursive: true });
  const nodeModules = join(root, 'node_modules');
  if (existsSync(nodeModules)) symlinkSync(nodeModules, join(dir, 'node_modules'), 'dir');
  const mutated = applyPatch(readFileSync(join(base, mutant.file), 'utf8'), mutant);
  writeFileSync(join(dir, 'dist', mutant.file.replace(/\.ts$/, '.js')), transpile(mutated, mutant.file));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
