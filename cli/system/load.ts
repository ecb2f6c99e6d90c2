/**
 * Loads a user's system module (.js, .mjs, .cjs, .ts, .mts, .cts) for the simulator.
 *
 * Why esbuild and not tsx or jiti: both of those load a module into the host's own realm (tsx
 * through Node's module hooks, jiti by transpiling and evaluating in place), where the user's
 * promises would share the host's microtask queue and its real `Date`, timers and I/O. The
 * simulator needs the opposite: the module and everything it imports evaluated inside a fresh
 * sandbox realm for every run (sandbox.ts). esbuild turns the module graph (TypeScript or
 * JavaScript, ESM or CommonJS, with its npm dependencies) into one script, synchronously and in
 * milliseconds, which each run then evaluates in its own context. tsx itself is built on esbuild.
 *
 * `lockstep` stays outside the bundle: inside the sandbox it is the host's own `defineSystem`, so
 * there is one definition of a system, not one per copy of the package. Node's built-in modules
 * stay outside too, and asking for one is refused: a system does its I/O through `ctx`.
 */
import { existsSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import vm from 'node:vm';
import { buildSync } from 'esbuild';
import { describeThrown } from '../../core/async/realm.js';
import { CAPABILITIES } from '../../core/contract/index.js';
import { defineSystem, isSystem, SystemContractError, type System } from '../../scenarios/user/define.js';
import { guardRealm } from '../../scenarios/user/guarded-realm.js';
import type { SystemInstance } from '../../scenarios/user/run.js';
import { BadInputError } from '../errors.js';
import { createSandbox, RefusedCallError, type SandboxRealm } from './sandbox.js';

const EXTENSIONS = ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts'];

/** What `import ... from 'lockstep'` gives a system module inside the sandbox. */
const RUNTIME = Object.freeze({ defineSystem, SystemContractError, CAPABILITIES, __esModule: true });

/** A loaded system module: its systems' names, and a way to build any of them in a fresh realm. */
export interface SystemModule {
  /** The path as the user gave it (for messages and repro commands). */
  readonly path: string;
  /** The systems the module exports, in export order. */
  readonly systems: readonly System[];
  /** A fresh realm with the module evaluated in it, and the named system from it. */
  instantiate(name: string): SystemInstance;
}

function bundle(path: string, file: string): string {
  try {
    const out = buildSync({
      entryPoints: [file],
      bundle: true,
      write: false,
      format: 'cjs',
      platform: 'node',
      target: 'es2022',
      external: ['lockstep', 'lockstep/*'],
      logLevel: 'silent',
      sourcemap: false,
      define: { 'process.env.NODE_ENV': '"production"' },
    });
    return out.outputFiles[0]!.text;
  } catch (err) {
    const first = (err as { errors?: Array<{ text: string; location?: { file: string; line: number } | null }> }).errors?.[0];
    const where = first?.location ? ` (${first.location.file}:${first.location.line})` : '';
    throw new BadInputError(`${path}: does not compile: ${first?.text ?? describeThrown(err)}${where}`);
  }
}

interface Evaluated {
  realm: SandboxRealm;
  exports: unknown;
}

function evaluate(path: string, script: vm.Script): Evaluated {
  const realm = createSandbox();
  const requireInRealm = (name: string): unknown => {
    if (name === 'lockstep') return RUNTIME;
    throw new RefusedCallError(`require("${name}")`, `a system may import only lockstep and pure modules; it talks to other processes with ctx.call/ctx.send and keeps state on ctx.disk`);
  };
  const module = realm.copy({ exports: {} }) as { exports: unknown };
  try {
    const fn = script.runInContext(realm.context) as (exports: unknown, require: unknown, module: unknown) => void;
    realm.enter(() => fn(module.exports, requireInRealm, module));
  } catch (err) {
    if (err instanceof RefusedCallError) throw new BadInputError(`${path}: refused: ${err.message}`);
    if (err instanceof SystemContractError) throw new BadInputError(`${path}: ${err.message}`);
    throw new BadInputError(`${path}: does not load: ${describeThrown(err)}`);
  }
  if (realm.refused) throw new BadInputError(`${path}: refused: ${realm.refused.message}`);
  return { realm, exports: module.exports };
}

/** Every system a module exports: the default export and named ones, a system or a list of them. */
function systemsOf(exports: unknown): System[] {
  const found: System[] = [];
  const add = (v: unknown): void => {
    if (isSystem(v)) found.push(v);
    else if (Array.isArray(v)) v.filter(isSystem).forEach((s) => found.push(s));
  };
  if (exports && typeof exports === 'object') {
    const record = exports as Record<string, unknown>;
    add(record.default);
    for (const [key, value] of Object.entries(record)) if (key !== 'default') add(value);
  }
  const seen = new Set<System>();
  return found.filter((s) => (seen.has(s) ? false : (seen.add(s), true)));
}

/** Loads a module; anything wrong with it is a one-line `BadInputError`. */
export function loadSystemModule(path: string): SystemModule {
  const file = resolve(path);
  if (!existsSync(file) || !statSync(file).isFile()) throw new BadInputError(`--system ${path}: no such file`);
  if (!EXTENSIONS.includes(extname(file))) throw new BadInputError(`--system ${path}: not a module (${EXTENSIONS.join(', ')})`);
  const code = bundle(path, file);
  const script = new vm.Script(`(function (exports, require, module) {${code}\n})`, { filename: file });
  const first = evaluate(path, script);
  const systems = systemsOf(first.exports);
  if (systems.length === 0) throw new BadInputError(`${path}: exports no system (export default defineSystem({...}) from lockstep)`);
  const names = new Set<string>();
  for (const s of systems) {
    if (names.has(s.name)) throw new BadInputError(`${path}: two systems are named "${s.name}"`);
    names.add(s.name);
  }
  let spare: Evaluated | null = first;
  return {
    path,
    systems,
    instantiate(name: string): SystemInstance {
      // The first evaluation was only to read the exports: its realm is fresh, so use it once.
      const evaluated = spare ?? evaluate(path, script);
      spare = null;
      const system = systemsOf(evaluated.exports).find((s) => s.name === name);
      if (!system) throw new BadInputError(`${path}: no system named "${name}" (systems: ${[...names].join(', ')})`);
      const realm = evaluated.realm;
      return { system, realm: guardRealm(realm, () => realm.refused) };
    },
  };
}
