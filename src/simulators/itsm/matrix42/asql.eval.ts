/**
 * Runs parsed ASQL against the simulated tenant: resolves dotted paths through relations, `T(<DD>)` pivots and
 * pickups against the schema (an unknown name is an error, as on a real server), filters with SQL's three-valued
 * logic, projects columns and sorts. String comparison ignores case: Matrix42 runs on SQL Server, whose default
 * collation is case-insensitive (assumption, itsm-apis.md §6.6 does not say).
 */
import { AsqlError, type Column, type Condition, type Operand, type PathSegment, type SortKey } from './asql.parser.js';
import { attrDef, ddName, sibling, timeStampOf, type Fragment, type Store, type Value } from './matrix42.model.js';

export type Language = 'en-US' | 'de-DE';

type Step =
  | { kind: 'pivot'; dd: string }
  | { kind: 'follow'; attr: string }
  | { kind: 'read'; attr: string }
  | { kind: 'pickup'; attr: string; pickup: string; part: 'Value' | 'DisplayString' }
  | { kind: 'id' }
  | { kind: 'timestamp' }
  | { kind: 'objectId' };

export interface ResolvedPath {
  steps: Step[];
  /** The key a column without alias gets in the result rows. */
  name: string;
}

/** Checks a path against the schema from `rootDd` and turns it into steps; unknown names throw AsqlError. */
export function resolvePath(store: Store, rootDd: string, segments: PathSegment[]): ResolvedPath {
  const steps: Step[] = [];
  let dd = rootDd;
  let name = '';
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i] as PathSegment;
    const last = i === segments.length - 1;
    if (seg.kind === 'objectId') {
      if (!last) throw new AsqlError('[Expression-ObjectID] ends a path');
      steps.push({ kind: 'objectId' });
      name = 'Expression-ObjectID';
      continue;
    }
    if (seg.kind === 'pivot') {
      const target = ddName(store.schema, seg.dd);
      if (!target || last) throw new AsqlError(`bad pivot T(${seg.dd})`);
      steps.push({ kind: 'pivot', dd: target });
      dd = target;
      continue;
    }
    const lower = seg.name.toLowerCase();
    if (lower === 'id' || lower === 'timestamp') {
      if (!last) throw new AsqlError(`${seg.name} ends a path`);
      steps.push(lower === 'id' ? { kind: 'id' } : { kind: 'timestamp' });
      name = lower === 'id' ? 'ID' : 'TimeStamp';
      continue;
    }
    const def = attrDef(store.schema, dd, seg.name);
    if (!def) throw new AsqlError(`Class ${dd} does not contain attribute ${seg.name}`);
    name = def.name;
    if (def.kind === 'value') {
      if (!last) throw new AsqlError(`${def.name} is not a relation`);
      steps.push({ kind: 'read', attr: def.name });
    } else if (def.kind === 'ref') {
      if (last) steps.push({ kind: 'read', attr: def.name });
      else {
        steps.push({ kind: 'follow', attr: def.name });
        dd = def.target;
      }
    } else {
      const next = segments[i + 1];
      if (!next) {
        steps.push({ kind: 'pickup', attr: def.name, pickup: def.pickup, part: 'Value' });
        continue;
      }
      const part = next.kind === 'attr' ? (['Value', 'DisplayString'].find((p) => p.toLowerCase() === next.name.toLowerCase()) as 'Value' | 'DisplayString' | undefined) : undefined;
      if (!part || i + 2 !== segments.length) throw new AsqlError(`a pickup ends in .Value or .DisplayString`);
      steps.push({ kind: 'pickup', attr: def.name, pickup: def.pickup, part });
      name = part;
      i++;
    }
  }
  return { steps, name };
}

export function evalPath(store: Store, path: ResolvedPath, start: Fragment, lang: Language): Value {
  let frag: Fragment | undefined = start;
  for (const step of path.steps) {
    if (!frag) return null;
    switch (step.kind) {
      case 'pivot':
        frag = sibling(store, frag.objectId, step.dd);
        break;
      case 'follow': {
        const target = frag.attrs[step.attr];
        frag = typeof target === 'string' ? store.fragments.get(target) : undefined;
        break;
      }
      case 'read':
        return frag.attrs[step.attr] ?? null;
      case 'pickup': {
        const raw = frag.attrs[step.attr];
        if (typeof raw !== 'number') return null;
        return step.part === 'Value' ? raw : (store.schema.pickups.get(step.pickup)?.get(raw)?.[lang] ?? null);
      }
      case 'id':
        return frag.ID;
      case 'timestamp':
        return timeStampOf(frag);
      case 'objectId':
        return frag.objectId;
    }
  }
  return null;
}

/** A where clause checked against the schema once, then applied to each row. */
export function compileWhere(store: Store, rootDd: string, cond: Condition, lang: Language): (f: Fragment) => boolean {
  const operand = (o: Operand): ((f: Fragment) => Value) => {
    if (o.kind === 'string' || o.kind === 'number') return () => o.value;
    if (o.kind === 'null') return () => null;
    const path = resolvePath(store, rootDd, o.segments);
    return (f) => evalPath(store, path, f, lang);
  };
  // SQL three-valued logic: null is "unknown", and only rows where the condition is true are returned.
  const build = (c: Condition): ((f: Fragment) => boolean | null) => {
    switch (c.kind) {
      case 'and': {
        const l = build(c.left);
        const r = build(c.right);
        return (f) => and3(l(f), r(f));
      }
      case 'or': {
        const l = build(c.left);
        const r = build(c.right);
        return (f) => not3(and3(not3(l(f)), not3(r(f))));
      }
      case 'not': {
        const inner = build(c.inner);
        return (f) => not3(inner(f));
      }
      case 'compare': {
        const l = operand(c.left);
        const r = operand(c.right);
        return (f) => compare(c.op, l(f), r(f));
      }
      case 'like': {
        const l = operand(c.left);
        const p = operand(c.pattern);
        return (f) => {
          const value = l(f);
          const pattern = p(f);
          if (value === null || pattern === null) return null;
          return likeRegex(String(pattern)).test(String(value)) !== c.negated;
        };
      }
      case 'in': {
        const l = operand(c.left);
        const values = c.values.map(operand);
        return (f) => {
          const value = l(f);
          if (value === null) return null;
          const hit = values.some((v) => compare('=', value, v(f)) === true);
          return hit !== c.negated;
        };
      }
      case 'isNull': {
        const o = operand(c.operand);
        return (f) => (o(f) === null) !== c.negated;
      }
    }
  };
  const test = build(cond);
  return (f) => test(f) === true;
}

function and3(a: boolean | null, b: boolean | null): boolean | null {
  if (a === false || b === false) return false;
  return a === null || b === null ? null : true;
}

function not3(a: boolean | null): boolean | null {
  return a === null ? null : !a;
}

function comparable(v: Value): number | string | null {
  if (v === null) return null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return v;
}

function compare(op: string, a: Value, b: Value): boolean | null {
  const x = comparable(a);
  const y = comparable(b);
  if (x === null || y === null) return null;
  let d: number;
  if (typeof x === 'number' || typeof y === 'number') {
    const nx = Number(x);
    const ny = Number(y);
    d = Number.isNaN(nx) || Number.isNaN(ny) ? String(x).toLowerCase().localeCompare(String(y).toLowerCase()) : nx - ny;
  } else {
    const lx = x.toLowerCase();
    const ly = y.toLowerCase();
    d = lx === ly ? 0 : lx < ly ? -1 : 1;
  }
  switch (op) {
    case '=':
      return d === 0;
    case '<>':
      return d !== 0;
    case '<':
      return d < 0;
    case '>':
      return d > 0;
    case '<=':
      return d <= 0;
    default:
      return d >= 0;
  }
}

/** SQL LIKE: `%` any run, `_` one character, everything else literal; case-insensitive. */
export function likeRegex(pattern: string): RegExp {
  const body = [...pattern].map((ch) => (ch === '%' ? '.*' : ch === '_' ? '.' : ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`, 'is');
}

/** Projects rows: `ID` always, then each column under its alias (a dotted path without one is refused, §6.3). */
export function project(store: Store, rootDd: string, columns: Column[], rows: Fragment[], lang: Language): { keys: string[]; rows: Array<Record<string, Value>> } {
  const resolved = columns.map((c) => {
    const path = resolvePath(store, rootDd, c.segments);
    const dotted = c.segments.length > 1;
    if (dotted && !c.alias) throw new AsqlError('a dotted expression needs an alias');
    return { key: c.alias ?? path.name, path };
  });
  return {
    keys: ['ID', ...resolved.map((c) => c.key)],
    rows: rows.map((f) => {
      const out: Record<string, Value> = { ID: f.ID };
      for (const col of resolved) out[col.key] = evalPath(store, col.path, f, lang);
      return out;
    }),
  };
}

/** Sorts projected rows; a key that is not a projected name is an error (itsm-apis.md §6.6). */
export function sortRows(rows: Array<Record<string, Value>>, keys: SortKey[], projected: string[]): Array<Record<string, Value>> {
  const resolved = keys.map((k) => {
    const name = projected.find((p) => p.toLowerCase() === k.name.toLowerCase());
    if (!name) throw new AsqlError(`sort by ${k.name}, which is not projected`);
    return { name, descending: k.descending };
  });
  return [...rows].sort((a, b) => {
    for (const k of resolved) {
      const d = compare('<', a[k.name] ?? null, b[k.name] ?? null) ? -1 : compare('>', a[k.name] ?? null, b[k.name] ?? null) ? 1 : 0;
      if (d !== 0) return k.descending ? -d : d;
    }
    return 0;
  });
}
