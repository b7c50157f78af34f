// PowerShell for tests, offline: a parser (the tree-sitter PowerShell grammar, npm tree-sitter-powershell, run by
// web-tree-sitter) and a small interpreter of the subset fleetkit's scripts use, with the Windows cmdlets they call
// simulated from a scenario. There is no PowerShell runtime on the build machine (no npm or Debian package ships
// one), so this is how the scripts' decision logic runs in `mvn verify`.
//
//   node powershell.mjs parse FILE...        prints [{"file", "errors": [{"line", "column", "text"}]}]; exit 0
//   node powershell.mjs run SCRIPT SCENARIO  prints {"exit", "output", "host", "registry", "calls"}; exit 0
//   node powershell.mjs batch JOBS           JOBS is [{"script": text, "scenario": {...}}]; prints one result per
//                                            job, {"harnessError": "..."} for a job the harness refused; exit 0
//
// Exit 2 means the harness could not do what was asked (unparseable script, a construct or cmdlet it does not
// know, a bad scenario): such a run proves nothing and the Java test fails on it. The interpreter refuses what it
// does not model instead of guessing, and the script's own try/catch never catches those refusals.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Parser, Language } from 'web-tree-sitter';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const WASM = path.join(ROOT, 'node_modules/tree-sitter-powershell/tree-sitter-powershell.wasm');

class HarnessError extends Error {}
const SELF = new Set(['expandable_string_literal', 'string_literal', 'command', 'variable', 'sub_expression']);
class ExitSignal { constructor(code) { this.code = code; } }
class ReturnSignal { constructor(value) { this.value = value; } }
/** A PowerShell terminating error: what a cmdlet throws under ErrorAction Stop; try/catch catches it. */
class PsError extends Error {}

async function parser() {
  await Parser.init();
  const p = new Parser();
  p.setLanguage(await Language.load(WASM));
  return p;
}

function syntaxErrors(tree) {
  const errors = [];
  (function walk(n) {
    if (n.type === 'ERROR' || n.isMissing) {
      errors.push({ line: n.startPosition.row + 1, column: n.startPosition.column + 1,
        text: (n.isMissing ? 'missing ' + n.type : n.text).slice(0, 120) });
      return;
    }
    for (const c of n.children) walk(c);
  })(tree.rootNode);
  return errors;
}

// ---- values ----------------------------------------------------------------------------------------------------
const lower = (s) => String(s).toLowerCase();
function truthy(v) {
  if (v === null || v === undefined) return false;
  if (Array.isArray(v)) return v.length === 0 ? false : v.length === 1 ? truthy(v[0]) : true;
  if (typeof v === 'string') return v.length > 0;
  if (typeof v === 'number') return v !== 0;
  return Boolean(v);
}
function text(v) {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (Array.isArray(v)) return v.map(text).join(' ');
  if (typeof v === 'object') throw new HarnessError('no text form for an object: ' + JSON.stringify(v));
  return String(v);
}
function toInt(v) {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^\s*-?\d+\s*$/.test(v)) return parseInt(v, 10);
  if (typeof v === 'boolean') return v ? 1 : 0;
  throw new PsError(`Cannot convert value "${text(v)}" to type "System.Int32".`);
}
/** -eq as PowerShell does it for scalars: the right side converts to the left side's type; text ignores case. */
function equal(a, b) {
  if (Array.isArray(a)) throw new HarnessError('-eq with an array on the left filters in PowerShell; not modelled');
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  if (typeof a === 'number') {
    try { return a === toInt(b); } catch (e) { if (e instanceof PsError) return false; throw e; }
  }
  if (typeof a === 'string') return lower(a) === lower(text(b));
  if (typeof a === 'boolean') return a === truthy(b);
  throw new HarnessError('-eq on ' + typeof a);
}
function member(obj, name) {
  if (obj === null || obj === undefined) return null;
  if (typeof obj === 'string' && lower(name) === 'length') return obj.length;
  if (Array.isArray(obj) && ['count', 'length'].includes(lower(name))) return obj.length;
  if (typeof obj !== 'object' || Array.isArray(obj)) throw new HarnessError('property ' + name + ' of ' + JSON.stringify(obj));
  const key = Object.keys(obj).find((k) => lower(k) === lower(name));
  return key === undefined ? null : obj[key];
}
function method(obj, name, args) {
  if (obj === null || obj === undefined) throw new PsError('You cannot call a method on a null-valued expression.');
  if (typeof obj === 'string') {
    switch (lower(name)) {
      case 'split': return obj.split(text(args[0]));
      case 'startswith': return obj.startsWith(text(args[0]));
      case 'tolower': return obj.toLowerCase();
      default: break;
    }
  }
  throw new HarnessError('method ' + name + ' on ' + JSON.stringify(obj));
}

// ---- the simulated machine -------------------------------------------------------------------------------------
function machine(scenario) {
  const registry = new Map(); // lower-case key path -> {path, values: Map(lower name -> {name, type, value})}
  for (const [p, values] of Object.entries(scenario.registry ?? {})) {
    const key = { path: p, values: new Map() };
    for (const [n, v] of Object.entries(values)) key.values.set(lower(n), { name: n, type: typeof v === 'number' ? 'DWord' : 'String', value: v });
    registry.set(lower(p), key);
  }
  const calls = [];
  const need = (params, name) => {
    if (!(lower(name) in params)) throw new HarnessError('missing -' + name);
    return params[lower(name)];
  };
  const cmdlets = {
    'get-ciminstance'(p) {
      const cls = text(need(p, 'ClassName'));
      if (cls === 'Win32_OperatingSystem') return scenario.os;
      if (cls === 'Win32_DeviceGuard') {
        if (text(need(p, 'Namespace')) !== 'root\\Microsoft\\Windows\\DeviceGuard') throw new PsError('Invalid namespace');
        return scenario.deviceGuard;
      }
      throw new HarnessError('Get-CimInstance of ' + cls);
    },
    'confirm-securebootuefi'() {
      if (scenario.secureBoot === 'unsupported') throw new PsError('Cmdlet not supported on this platform: 0xC0000002');
      return scenario.secureBoot === true;
    },
    'get-tpm'() {
      if (scenario.tpm === 'error') throw new PsError('The TPM is not available');
      return scenario.tpm;
    },
    'invoke-restmethod'(p) {
      const uri = text(need(p, 'Uri'));
      const headers = p.headers ?? {};
      if (scenario.instanceType === null) throw new PsError('Unable to connect to the remote server');
      if (uri === 'http://169.254.169.254/latest/api/token') {
        if (lower(text(p.method)) !== 'put' || !member(headers, 'X-aws-ec2-metadata-token-ttl-seconds')) {
          throw new PsError('(401) Unauthorized');
        }
        return 'imds-token';
      }
      if (uri === 'http://169.254.169.254/latest/meta-data/instance-type') {
        if (member(headers, 'X-aws-ec2-metadata-token') !== 'imds-token') throw new PsError('(401) Unauthorized');
        return scenario.instanceType;
      }
      throw new HarnessError('Invoke-RestMethod ' + uri);
    },
    'get-itemproperty'(p) {
      const key = registry.get(lower(text(need(p, 'Path'))));
      const name = text(need(p, 'Name'));
      const v = key?.values.get(lower(name));
      if (v === undefined) {
        if (lower(text(p.erroraction)) === 'silentlycontinue') return null;
        throw new PsError(`Property ${name} does not exist at path ${text(p.path)}.`);
      }
      return { [v.name]: v.value };
    },
    'test-path'(p) { return registry.has(lower(text(need(p, 'Path')))); },
    'new-item'(p) {
      const at = text(need(p, 'Path'));
      if (registry.has(lower(at))) {
        // The registry provider's New-Item on an existing key fails, and with -Force recreates it without its values.
        if (!truthy(p.force)) throw new PsError('A key at this path already exists.');
        registry.get(lower(at)).values.clear();
      } else {
        registry.set(lower(at), { path: at, values: new Map() });
      }
      return { PSPath: at };
    },
    'new-itemproperty'(p) {
      const key = registry.get(lower(text(need(p, 'Path'))));
      if (!key) throw new PsError('Cannot find path ' + text(p.path) + ' because it does not exist.');
      const type = text(need(p, 'PropertyType'));
      const raw = need(p, 'Value');
      const value = lower(type) === 'dword' ? toInt(raw) : lower(type) === 'string' ? text(raw) : null;
      if (value === null) throw new HarnessError('property type ' + type);
      const name = text(need(p, 'Name'));
      if (key.values.has(lower(name)) && !truthy(p.force)) throw new PsError('The property already exists.');
      key.values.set(lower(name), { name, type: lower(type) === 'dword' ? 'DWord' : 'String', value });
      return { [name]: value };
    },
    'remove-itemproperty'(p) {
      const key = registry.get(lower(text(need(p, 'Path'))));
      const name = text(need(p, 'Name'));
      if (!key || !key.values.delete(lower(name))) throw new PsError(`Property ${name} does not exist.`);
      return undefined;
    },
  };
  const dump = () => Object.fromEntries([...registry.values()].map((k) => [k.path,
    Object.fromEntries([...k.values.values()].map((v) => [v.name, v.value]))]));
  return { cmdlets, calls, dump };
}

// ---- the interpreter -------------------------------------------------------------------------------------------
class Scope {
  constructor(parent) { this.parent = parent; this.vars = new Map(); }
  get(name) {
    const n = lower(name);
    if (n === 'null') return null;
    if (n === 'true') return true;
    if (n === 'false') return false;
    for (let s = this; s; s = s.parent) if (s.vars.has(n)) return s.vars.get(n);
    return null;
  }
  set(name, value) { this.vars.set(lower(name), value); }
}

function interpreter(source, scenario) {
  const sim = machine(scenario);
  const functions = new Map();
  const output = [];
  const host = [];
  const at = (n) => `line ${n.startPosition.row + 1}`;
  const named = (n) => n.children.filter((c) => c.isNamed && c.type !== 'comment');
  const varName = (n) => n.text.replace(/^\$/, '').replace(/^\{|\}$/g, '');

  function statements(list, scope, emit) {
    for (const s of named(list)) statement(s, scope, emit);
  }
  function statement(n, scope, emit) {
    switch (n.type) {
      case 'statement_list': case 'script_block_body': return statements(n, scope, emit);
      case 'statement_block': return statements(n, scope, emit);
      case 'function_statement': {
        functions.set(lower(named(n).find((c) => c.type === 'function_name').text), named(n).find((c) => c.type === 'script_block'));
        return undefined;
      }
      case 'if_statement': return ifStatement(n, scope, emit);
      case 'try_statement': return tryStatement(n, scope, emit);
      case 'flow_control_statement': {
        const keyword = n.children[0].type;
        const arg = named(n)[0];
        const value = arg ? evaluate(arg, scope) : null;
        if (keyword === 'exit') throw new ExitSignal(arg ? toInt(value) : 0);
        if (keyword === 'return') throw new ReturnSignal(value);
        throw new HarnessError(keyword + ' at ' + at(n));
      }
      case 'assignment_expression': {
        const [left, op, right] = named(n);
        if (op.text !== '=') throw new HarnessError('operator ' + op.text + ' at ' + at(n));
        const target = innermost(left);
        if (target.type !== 'variable') throw new HarnessError('assignment to ' + target.type + ' at ' + at(n));
        scope.set(varName(target), evaluate(right, scope));
        return undefined;
      }
      default: {
        const inner = named(n);
        if (inner.length === 1 && n.children.length === 1 && !SELF.has(n.type)) return statement(inner[0], scope, emit);
        // A command on its own streams its output (a function's Write-Output) as it runs, before any exit.
        if (n.type === 'command') return command(n, scope, emit);
        const v = evaluate(n, scope);
        if (v !== undefined) emit(v);
        return undefined;
      }
    }
  }
  function innermost(n) {
    let c = n;
    while (named(c).length === 1 && c.type !== 'variable') c = named(c)[0];
    return c;
  }
  function ifStatement(n, scope, emit) {
    const parts = named(n);
    if (truthy(evaluate(parts[0], scope))) return statement(parts[1], scope, emit);
    for (const clause of parts.slice(2)) {
      const c = named(clause);
      if (clause.type === 'elseif_clause' && truthy(evaluate(c[0], scope))) return statement(c[1], scope, emit);
      if (clause.type === 'else_clause') return statement(c[0], scope, emit);
      if (clause.type !== 'elseif_clause') throw new HarnessError(clause.type + ' at ' + at(clause));
    }
    return undefined;
  }
  function tryStatement(n, scope, emit) {
    const [body, ...clauses] = named(n);
    const catches = clauses.flatMap((c) => (c.type === 'catch_clauses' ? named(c) : [c]));
    if (catches.some((c) => c.type !== 'catch_clause' || named(c).length !== 1)) {
      throw new HarnessError('only untyped catch blocks without finally are modelled, at ' + at(n));
    }
    try {
      return statement(body, scope, emit);
    } catch (e) {
      if (!(e instanceof PsError) || catches.length === 0) throw e;
      scope.set('_', { Exception: { Message: e.message } });
      return statement(named(catches[0])[0], scope, emit);
    }
  }

  function evaluate(n, scope) {
    // The grammar wraps every primary in its precedence chain (logical, comparison, additive...): a node whose one
    // child is the whole of it stands for that child. A string is itself even when it holds only "$(...)".
    if (n.childCount === 1 && n.children[0].isNamed && !SELF.has(n.type)) return evaluate(n.children[0], scope);
    switch (n.type) {
      case 'variable': return scope.get(varName(n));
      case 'decimal_integer_literal': return parseInt(n.text, 10);
      case 'string_literal': {
        if (n.text.startsWith("'")) return n.text.slice(1, -1).replace(/''/g, "'");
        return expandable(n, scope);
      }
      case 'expandable_string_literal': return expandable(n, scope);
      case 'generic_token': return n.text;
      case 'parenthesized_expression': {
        const inner = named(n);
        if (inner.length !== 1) throw new HarnessError('parentheses at ' + at(n));
        return evaluate(inner[0], scope);
      }
      case 'sub_expression': {
        const values = [];
        for (const s of named(n)) statement(s, scope, (v) => values.push(v));
        return values.length === 0 ? null : values.length === 1 ? values[0] : values;
      }
      case 'array_expression': {
        const inner = named(n);
        if (inner.length === 0) return [];
        const v = evaluate(inner[0], scope);
        return Array.isArray(v) ? v : v === null ? [] : [v];
      }
      case 'array_literal_expression': return named(n).map((c) => evaluate(c, scope));
      case 'hash_literal_expression': {
        const table = {};
        const entries = named(n).flatMap((c) => (c.type === 'hash_literal_body' ? named(c) : [c]));
        for (const e of entries) {
          const [k, v] = named(e);
          table[text(evaluate(k, scope))] = evaluate(v, scope);
        }
        return table;
      }
      case 'key_expression': return named(n).length === 1 ? evaluate(named(n)[0], scope) : n.text;
      case 'simple_name': return n.text;
      case 'cast_expression': {
        const [type, value] = named(n);
        const v = evaluate(value, scope);
        const t = lower(type.text.replace(/[[\]\s]/g, ''));
        if (t === 'int') return toInt(v);
        if (t === 'string') return text(v);
        throw new HarnessError('cast to ' + t + ' at ' + at(n));
      }
      case 'member_access': {
        const [obj, name] = named(n);
        return member(evaluate(obj, scope), name.type === 'simple_name' ? name.text : text(evaluate(name, scope)));
      }
      case 'element_access': {
        const [obj, index] = named(n);
        const o = evaluate(obj, scope);
        const i = toInt(evaluate(index, scope));
        if (!Array.isArray(o)) throw new HarnessError('index into ' + JSON.stringify(o) + ' at ' + at(n));
        return o[i < 0 ? o.length + i : i] ?? null;
      }
      case 'invokation_expression': {
        const parts = named(n);
        const args = parts[2] ? named(parts[2]).flatMap((a) => (a.type === 'argument_expression_list' ? named(a) : [a]))
          .map((a) => evaluate(a, scope)) : [];
        return method(evaluate(parts[0], scope), parts[1].text, args);
      }
      case 'expression_with_unary_operator': {
        const op = lower(n.children[0].text);
        const v = evaluate(named(n)[0], scope);
        if (op === '-not' || op === '!') return !truthy(v);
        throw new HarnessError('unary ' + op + ' at ' + at(n));
      }
      case 'logical_expression': return logical(n, scope);
      case 'comparison_expression': return comparison(n, scope);
      case 'pipeline': case 'pipeline_chain': return pipeline(n, scope);
      case 'command': return command(n, scope);
      default: {
        const inner = named(n);
        if (inner.length === 1 && n.children.length === 1) return evaluate(inner[0], scope);
        throw new HarnessError('not modelled: ' + n.type + ' at ' + at(n) + ': ' + n.text.slice(0, 60));
      }
    }
  }
  function expandable(n, scope) {
    const raw = n.text;
    const quote = raw[0];
    let out = '';
    let pos = n.startIndex + 1;
    for (const c of named(n)) {
      out += source.slice(pos, c.startIndex);
      out += text(evaluate(c, scope));
      pos = c.endIndex;
    }
    out += source.slice(pos, n.endIndex - (quote === '"' ? 1 : 0));
    if (/`/.test(out)) throw new HarnessError('escape characters in strings are not modelled, at ' + at(n));
    return out;
  }
  function logical(n, scope) {
    const parts = n.children;
    let value = truthy(evaluate(parts[0], scope));
    for (let i = 1; i < parts.length; i += 2) {
      const op = lower(parts[i].text);
      if (op === '-and') value = value && truthy(evaluate(parts[i + 1], scope));
      else if (op === '-or') value = value || truthy(evaluate(parts[i + 1], scope));
      else throw new HarnessError(op + ' at ' + at(n));
    }
    return value;
  }
  function comparison(n, scope) {
    const [left, op, right] = named(n);
    if (named(n).length !== 3) throw new HarnessError('comparison ' + n.text + ' at ' + at(n));
    const a = evaluate(left, scope);
    const b = evaluate(right, scope);
    switch (lower(op.text)) {
      case '-eq': return equal(a, b);
      case '-ne': return !equal(a, b);
      case '-contains': return (Array.isArray(a) ? a : [a]).some((x) => equal(x, b));
      case '-notcontains': return !(Array.isArray(a) ? a : [a]).some((x) => equal(x, b));
      case '-join': return (Array.isArray(a) ? a : [a]).map(text).join(text(b));
      default: throw new HarnessError('operator ' + op.text + ' at ' + at(n));
    }
  }
  function pipeline(n, scope) {
    const stages = named(n);
    let value = stages[0].type === 'command' ? command(stages[0], scope) : evaluate(stages[0], scope);
    for (const stage of stages.slice(1)) {
      const name = lower(stage.type === 'command_name' ? stage.text : named(stage)[0]?.text ?? '');
      if (name !== 'out-null') throw new HarnessError('pipeline into ' + stage.text + ' at ' + at(n));
      value = undefined;
    }
    return value;
  }
  /** A command's arguments: -Name value pairs (a -Name followed by another -Name or nothing is a switch). */
  function argumentsOf(n, scope) {
    const elements = named(n).find((c) => c.type === 'command_elements');
    const items = elements ? named(elements).filter((c) => c.type !== 'command_argument_sep') : [];
    const params = {};
    const positional = [];
    for (let i = 0; i < items.length; i++) {
      if (items[i].type === 'command_parameter') {
        const name = lower(items[i].text.replace(/^-/, '').replace(/:$/, ''));
        if (i + 1 < items.length && items[i + 1].type !== 'command_parameter') params[name] = evaluate(items[++i], scope);
        else params[name] = true;
      } else {
        positional.push(evaluate(items[i], scope));
      }
    }
    return { params, positional };
  }
  /** Runs a command; with {@code sink} its output streams there and it returns nothing, else it returns the output. */
  function command(n, scope, sink) {
    const name = lower(named(n).find((c) => c.type === 'command_name').text);
    const { params, positional } = argumentsOf(n, scope);
    if (name === 'write-output') {
      if (sink) { positional.forEach(sink); return undefined; }
      return positional.length === 1 ? positional[0] : positional;
    }
    if (name === 'write-host') { host.push(positional.map(text).join(' ')); return undefined; }
    if (functions.has(name)) return call(functions.get(name), params, positional, scope, sink);
    const cmdlet = sim.cmdlets[name];
    if (!cmdlet) throw new HarnessError('command not modelled: ' + name + ' at ' + at(n));
    if (positional.length) throw new HarnessError('positional arguments to ' + name + ' at ' + at(n));
    sim.calls.push({ command: name, params: JSON.parse(JSON.stringify(params)) });
    return cmdlet(params);
  }
  function call(block, params, positional, caller, sink) {
    const scope = new Scope(caller); // PowerShell scopes are dynamic: a function sees its caller's variables
    const parts = named(block);
    const paramBlock = parts.find((c) => c.type === 'param_block');
    const declared = paramBlock ? named(named(paramBlock).find((c) => c.type === 'parameter_list')) : [];
    const bound = new Set();
    declared.forEach((p, i) => {
      const type = named(p).find((c) => c.type === 'type_literal' || c.type === 'attribute_list');
      const variable = named(p).find((c) => c.type === 'variable');
      const name = lower(varName(variable));
      let value = name in params ? params[name] : positional[i] ?? null;
      if (name in params) bound.add(name);
      const t = type ? lower(type.text.replace(/[[\]\s]/g, '')) : '';
      if (t === 'int' && value !== null) value = toInt(value);
      else if (t === 'string') value = text(value);
      else if (t !== '') throw new HarnessError('parameter type ' + t);
      scope.set(varName(variable), value);
    });
    for (const k of Object.keys(params)) if (!bound.has(k)) throw new PsError('A parameter cannot be found that matches parameter name ' + k);
    const values = [];
    const emit = sink ?? ((v) => values.push(v));
    try {
      for (const part of parts) if (part.type !== 'param_block') statement(part, scope, emit);
    } catch (e) {
      if (!(e instanceof ReturnSignal)) throw e;
      if (e.value !== undefined) emit(e.value);
    }
    if (sink) return undefined;
    // A function's output is everything it emitted (Write-Output and bare values), not only what it returned.
    return values.length === 0 ? null : values.length === 1 ? values[0] : values;
  }

  return {
    run(tree) {
      const top = new Scope(null);
      let exit = 0;
      try {
        statements(tree.rootNode, top, (v) => output.push(v));
      } catch (e) {
        if (e instanceof ExitSignal) exit = e.code;
        else if (e instanceof PsError) { exit = 1; host.push('terminating error: ' + e.message); }
        else throw e;
      }
      // Every error above was treated as terminating: that is only right under ErrorActionPreference Stop.
      if (lower(text(top.get('ErrorActionPreference'))) !== 'stop') {
        throw new HarnessError('the script does not set $ErrorActionPreference = \'Stop\'; only that is modelled');
      }
      return { exit, output: output.map(text), host, registry: sim.dump(), calls: sim.calls };
    },
  };
}

async function main(args) {
  const p = await parser();
  if (args[0] === 'parse') {
    const out = args.slice(1).map((f) => ({ file: f, errors: syntaxErrors(p.parse(fs.readFileSync(f, 'utf8'))) }));
    process.stdout.write(JSON.stringify(out) + '\n');
    return 0;
  }
  if (args[0] === 'run' && args.length === 3) {
    const source = fs.readFileSync(args[1], 'utf8');
    const tree = p.parse(source);
    const errors = syntaxErrors(tree);
    if (errors.length) throw new HarnessError('the script does not parse: ' + JSON.stringify(errors));
    const scenario = JSON.parse(fs.readFileSync(args[2], 'utf8'));
    process.stdout.write(JSON.stringify(interpreter(source, scenario).run(tree)) + '\n');
    return 0;
  }
  if (args[0] === 'batch' && args.length === 2) {
    // One process for many runs: loading the grammar costs seconds of CPU on a shared build machine.
    const jobs = JSON.parse(fs.readFileSync(args[1], 'utf8'));
    const results = jobs.map((job) => {
      try {
        const tree = p.parse(job.script);
        const errors = syntaxErrors(tree);
        if (errors.length) throw new HarnessError('the script does not parse: ' + JSON.stringify(errors));
        return interpreter(job.script, job.scenario).run(tree);
      } catch (e) {
        if (e instanceof HarnessError) return { harnessError: e.message };
        throw e;
      }
    });
    process.stdout.write(JSON.stringify(results) + '\n');
    return 0;
  }
  throw new HarnessError('usage: powershell.mjs parse FILE... | run SCRIPT SCENARIO | batch JOBS');
}

main(process.argv.slice(2)).then((code) => process.exit(code), (e) => {
  process.stderr.write((e instanceof HarnessError ? 'harness: ' : 'harness bug: ') + (e.stack || e.message) + '\n');
  process.exit(2);
});
