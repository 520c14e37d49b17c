import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Every source file of the app with the relative files it imports, split into runtime and type-only imports. */
interface Module {
  file: string;
  runtime: string[];
  typeOnly: string[];
  source: string;
}

const ROOTS = ['api', 'engine', 'server', 'web'];
const sourceFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );

const IMPORT = /^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm;
const DYNAMIC = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

function resolve(from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const base = normalize(join(dirname(from), specifier)).replace(/\.js$/, '');
  for (const candidate of [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts')]) if (existsSync(candidate)) return candidate;
  throw new Error(`${from} imports ${specifier}, which does not exist`);
}

function load(): Map<string, Module> {
  const modules = new Map<string, Module>();
  for (const file of ROOTS.flatMap(sourceFiles)) {
    const source = readFileSync(file, 'utf8');
    const runtime: string[] = [];
    const typeOnly: string[] = [];
    for (const m of source.matchAll(IMPORT)) {
      const target = resolve(file, m[3] as string);
      if (target) (m[2] ? typeOnly : runtime).push(target);
    }
    for (const m of source.matchAll(DYNAMIC)) {
      const target = resolve(file, m[1] as string);
      if (target) runtime.push(target);
    }
    modules.set(file, { file, runtime, typeOnly, source });
  }
  return modules;
}

/** Strongly connected components with more than one file (Tarjan), each a loop of imports. */
function cycles(modules: Map<string, Module>, edges: (m: Module) => string[]): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (file: string) => {
    index.set(file, next);
    low.set(file, next++);
    stack.push(file);
    onStack.add(file);
    for (const to of edges(modules.get(file) as Module)) {
      if (!index.has(to)) {
        visit(to);
        low.set(file, Math.min(low.get(file) as number, low.get(to) as number));
      } else if (onStack.has(to)) low.set(file, Math.min(low.get(file) as number, index.get(to) as number));
    }
    if (low.get(file) === index.get(file)) {
      const component: string[] = [];
      let top: string;
      do {
        top = stack.pop() as string;
        onStack.delete(top);
        component.push(top);
      } while (top !== file);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const file of modules.keys()) if (!index.has(file)) visit(file);
  return found;
}

const modules = load();
const all = [...modules.values()];
const imports = (m: Module) => [...m.runtime, ...m.typeOnly];
const under = (dir: string) => (file: string) => file.startsWith(`${dir}/`);
const offending = (from: (f: string) => boolean, to: (f: string) => boolean) =>
  all
    .filter((m) => from(m.file))
    .flatMap((m) =>
      imports(m)
        .filter(to)
        .map((t) => `${m.file} → ${t}`),
    );

describe('layering', () => {
  it('finds the modules it judges', () => {
    expect(modules.has('engine/index.ts')).toBe(true);
    expect(modules.has('server/app.ts')).toBe(true);
    expect(all.filter((m) => under('api')(m.file)).length).toBeGreaterThan(50);
  });

  it('keeps api/ free of web/ and of the composition root', () => {
    expect(offending(under('api'), (t) => under('web')(t) || under('server')(t))).toEqual([]);
  });

  it('lets web/ use api services but never an api router, nor the composition root', () => {
    expect(offending(under('web'), (t) => /^api\/.*\/routes\.ts$/.test(t) || under('server')(t))).toEqual([]);
  });

  it('keeps pages away from the database: they call api services', () => {
    expect(offending(under('web'), under('api/platform/db'))).toEqual([]);
    const drizzle = all.filter((m) => under('web')(m.file) && /from ['"]drizzle-orm/.test(m.source)).map((m) => m.file);
    expect(drizzle).toEqual([]);
  });

  it('mounts api and web in one composition root that nothing imports', () => {
    expect(offending((f) => !under('server')(f), under('server'))).toEqual([]);
  });

  it('keeps the engine pure: no import from outside it, no platform module, no clock or randomness', () => {
    const engine = all.filter((m) => under('engine')(m.file));
    expect(
      engine.flatMap((m) =>
        imports(m)
          .filter((t) => !under('engine')(t))
          .map((t) => `${m.file} → ${t}`),
      ),
    ).toEqual([]);
    for (const m of engine) {
      expect(m.source, m.file).not.toMatch(/from ['"](node:|fs|path|os|child_process|http|better-sqlite3|drizzle|hono)/);
      expect(m.source, m.file).not.toMatch(/Date\.now|new Date\(|Math\.random|process\.|performance\./);
    }
  });

  it('has the engine used through engine/index.ts alone', () => {
    expect(
      offending(
        (f) => !under('engine')(f),
        (t) => under('engine')(t) && t !== 'engine/index.ts',
      ),
    ).toEqual([]);
  });

  it('names no module like a browser file beside it (an import of ./x.js would load the browser file)', () => {
    const clashes = all.map((m) => m.file.replace(/\.tsx?$/, '.js')).filter((js) => existsSync(js));
    expect(clashes).toEqual([]);
  });

  it('has no loop of imports, at run time or in types', () => {
    expect(cycles(modules, (m) => m.runtime).map((c) => c.join(' ⇄ '))).toEqual([]);
    expect(cycles(modules, imports).map((c) => c.join(' ⇄ '))).toEqual([]);
  });

  it('tells a loop through type imports from a loop at run time', () => {
    const a: Module = { file: 'api/a.ts', runtime: ['api/b.ts'], typeOnly: [], source: '' };
    const b: Module = { file: 'api/b.ts', runtime: [], typeOnly: ['api/a.ts'], source: '' };
    const loop = new Map([
      [a.file, a],
      [b.file, b],
    ]);
    expect(cycles(loop, (m) => m.runtime)).toEqual([]);
    expect(cycles(loop, imports)).toEqual([['api/a.ts', 'api/b.ts']]);
  });
});
