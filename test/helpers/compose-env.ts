// Docker Compose's variable interpolation, as pure functions, so tests can
// compute exactly what compose would hand a container without a Docker engine.
// Semantics follow compose-go's template package: $X, ${X}, ${X:-d}, ${X-d},
// ${X:?e}, ${X?e}, ${X:+a}, ${X+a}, $$ and nesting inside the default/alt part.
import { parse } from 'yaml';

export type Vars = Record<string, string | undefined>;

const NAME = /^[_a-zA-Z][_a-zA-Z0-9]*/;

type Lookup = (name: string) => string | undefined;

// Finds the `}` closing the `${` that starts at `open`, honouring nested `${...}`
// and `$$` escapes inside it.
function closingBrace(s: string, open: number): number {
  let depth = 1;
  let i = open + 2;
  while (i < s.length) {
    if (s[i] === '$' && s[i + 1] === '$') {
      i += 2;
    } else if (s[i] === '$' && s[i + 1] === '{') {
      depth++;
      i += 2;
    } else if (s[i] === '}') {
      depth--;
      if (depth === 0) return i;
      i++;
    } else {
      i++;
    }
  }
  return -1;
}

// `all` evaluates every branch (used to collect names) instead of only the taken one.
function expand(s: string, lookup: Lookup, all: boolean): string {
  let out = '';
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c !== '$') {
      out += c;
      i++;
      continue;
    }
    const next = s[i + 1];
    if (next === '$') {
      out += '$';
      i += 2;
      continue;
    }
    if (next === '{') {
      const end = closingBrace(s, i);
      if (end < 0) throw new Error(`invalid interpolation format for "${s}": missing closing brace`);
      out += braced(s.slice(i + 2, end), s, lookup, all);
      i = end + 1;
      continue;
    }
    const m = NAME.exec(s.slice(i + 1));
    if (!m) {
      throw new Error(`invalid interpolation format for "${s}": "$" must be followed by a name, "{" or "$" (write "$$" for a literal "$")`);
    }
    out += lookup(m[0]) ?? '';
    i += 1 + m[0].length;
  }
  return out;
}

function braced(inner: string, whole: string, lookup: Lookup, all: boolean): string {
  const m = NAME.exec(inner);
  if (!m) throw new Error(`invalid interpolation format for "${whole}": bad variable name in "\${${inner}}"`);
  const name = m[0];
  const rest = inner.slice(name.length);
  const value = lookup(name);
  if (rest === '') return value ?? '';
  const op = /^(:-|-|:\?|\?|:\+|\+)/.exec(rest);
  if (!op) throw new Error(`invalid interpolation format for "${whole}": unknown modifier in "\${${inner}}"`);
  const argRaw = rest.slice(op[1].length);
  const arg = (): string => expand(argRaw, lookup, all);
  if (all) arg();
  const unset = value === undefined;
  const empty = unset || value === '';
  switch (op[1]) {
    case ':-':
      return empty ? arg() : (value as string);
    case '-':
      return unset ? arg() : (value as string);
    case ':?':
    case '?': {
      const missing = op[1] === ':?' ? empty : unset;
      if (missing && !all) {
        // compose's own wording, which keeps the author's hint at the end.
        const hint = arg();
        throw new Error(`required variable ${name} is missing a value${hint ? `: ${hint}` : ''}`);
      }
      return value ?? '';
    }
    case ':+':
      return empty ? '' : arg();
    default: // '+'
      return unset ? '' : arg();
  }
}

/** Interpolates one value the way `docker compose` does. Throws on `${X:?err}` with X missing. */
export function interpolate(value: string, vars: Vars): string {
  return expand(value, (n) => (Object.hasOwn(vars, n) ? vars[n] : undefined), false);
}

type ComposeDoc = { services?: Record<string, { environment?: unknown } | null> } | null | undefined;

/**
 * The environment compose gives `service`, interpolated from `vars` (the .env
 * values overlaid by the shell's). `KEY` alone (list) or `KEY:` with no value
 * (map) passes the variable through from `vars`, and is left out when unset.
 */
export function serviceEnvironment(composeDoc: unknown, service: string, vars: Vars): Record<string, string> {
  const doc = composeDoc as ComposeDoc;
  const svc = doc?.services?.[service];
  if (!svc) throw new Error(`service "${service}" is not in the compose file`);
  const env = svc.environment;
  const out: Record<string, string> = {};
  const put = (key: string, raw: unknown, hasValue: boolean): void => {
    if (!hasValue || raw === null || raw === undefined) {
      const v = vars[key];
      if (v !== undefined) out[key] = v;
      return;
    }
    out[key] = typeof raw === 'string' ? interpolate(raw, vars) : String(raw);
  };
  if (env === undefined || env === null) return out;
  if (Array.isArray(env)) {
    for (const item of env) {
      const s = String(item);
      const eq = s.indexOf('=');
      if (eq < 0) put(s, undefined, false);
      else put(s.slice(0, eq), s.slice(eq + 1), true);
    }
  } else if (typeof env === 'object') {
    for (const [k, v] of Object.entries(env as Record<string, unknown>)) put(k, v, true);
  } else {
    throw new Error(`services.${service}.environment must be a map or a list`);
  }
  return out;
}

function collectStrings(node: unknown, into: string[]): void {
  if (typeof node === 'string') into.push(node);
  else if (Array.isArray(node)) for (const n of node) collectStrings(n, into);
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      into.push(k);
      collectStrings(v, into);
    }
  }
}

/**
 * Every variable name a compose file refers to, in order of first use, with
 * names inside defaults (`${A:-${B}}`) too. Comments are not interpolated by
 * compose, so the YAML is parsed and only its keys and scalars are scanned.
 */
export function referencedVariables(text: string): string[] {
  const strings: string[] = [];
  collectStrings(parse(text), strings);
  const seen = new Set<string>();
  const record: Lookup = (n) => {
    seen.add(n);
    return undefined;
  };
  for (const s of strings) if (s.includes('$')) expand(s, record, true);
  return [...seen];
}
