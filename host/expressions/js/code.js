// The Code node's runtime inside QuickJS: user JavaScript run once for all items or once
// per item, with the variables n8n's Code node offers ($input, $json, items, item, $('Node'),
// $now, $jmespath, console, …). Loaded with the expression runtime, before harden.js.
//
// The host starts a run (codeStart), drives QuickJS's job queue so that `await` works, then
// reads the state (codeState). Data beyond the node's own input (another node's items, $env,
// a zone) is loaded on demand as for expressions: the run notes what it needs and the host
// loads it and starts the run again. Code cannot reach the host, so running again is safe.
// Each-item runs stop after a time budget and report where to go on, so that the host can
// hand control back to its event loop between slices.
(function (g) {
  "use strict";
  const K = g.__kflow;
  const acorn = g.acorn;
  const defineProperty = Object.defineProperty;
  const fns = [];
  const libraries = new Map();
  const FIRST_LINE = 1; // the wrapper's own lines before the user's first line
  const MARK = "__kflowCode";
  const SCOPE = "__kflowScope";
  const VARS = "__kflowVars";
  const IMMUTABLE = new Set(["undefined", "NaN", "Infinity"]);
  const ASSIGN = /([A-Za-z_$][\w$]*)\s*(?:\+\+|--|(?:[-+*/%&|^]|\*\*|<<|>>>?|&&|\|\||\?\?)?=(?![=>]))/g;
  let state = null;
  let carried = null;

  const ALL_NAMES = ["$input", "$json", "$binary", "$itemIndex", "$", "$node", "$items",
    "$runIndex", "$now", "$today", "$workflow", "$execution", "$vars", "$parameter",
    "$env", "$jmespath", "$mode", "console"];
  const MODE_NAMES = { runOnceForAllItems: ["items"], runOnceForEachItem: ["item"] };

  function need(kind, key) {
    K.needs.push([kind, key]);
    throw new Error("loading " + kind);
  }

  function children(node) {
    const found = [];
    for (const key of Object.keys(node)) {
      const value = node[key];
      if (Array.isArray(value)) {
        for (const v of value) if (v && typeof v.type === "string") found.push(v);
      } else if (value && typeof value.type === "string") {
        found.push(value);
      }
    }
    return found;
  }

  function patternNames(node, out) {
    if (!node) return;
    if (node.type === "Identifier") out.add(node.name);
    else if (node.type === "ObjectPattern") {
      for (const p of node.properties) patternNames(p.type === "RestElement" ? p.argument : p.value, out);
    } else if (node.type === "ArrayPattern") node.elements.forEach((e) => patternNames(e, out));
    else if (node.type === "AssignmentPattern") patternNames(node.left, out);
    else if (node.type === "RestElement") patternNames(node.argument, out);
  }

  // Names the code assigns somewhere (it may not declare them: `x = 5`, as n8n's code can),
  // and names it reads with typeof. acorn reads the code; when it cannot, a pattern does.
  function assignedNames(source) {
    const assigned = new Set();
    const soft = new Set();
    let ast = null;
    try {
      ast = acorn.parse(`(async function () {\n${source}\n})`, { ecmaVersion: "latest" });
    } catch (e) {
      for (const found of source.matchAll(ASSIGN)) assigned.add(found[1]);
      for (const found of source.matchAll(/\btypeof\s*\(?\s*([A-Za-z_$][\w$]*)/g)) soft.add(found[1]);
    }
    const stack = ast ? [ast] : [];
    while (stack.length) {
      const node = stack.pop();
      if (node.type === "AssignmentExpression") patternNames(node.left, assigned);
      else if (node.type === "UpdateExpression") patternNames(node.argument, assigned);
      else if ((node.type === "ForInStatement" || node.type === "ForOfStatement")
        && node.left.type !== "VariableDeclaration") patternNames(node.left, assigned);
      else if (node.type === "UnaryExpression" && node.operator === "typeof"
        && node.argument.type === "Identifier") soft.add(node.argument.name);
      stack.push(...children(node));
    }
    return { assigned, soft };
  }

  // Compiles user code for a mode; returns its number. A SyntaxError names the user's line.
  // A name the code assigns without declaring it lives in a scope object of the run's own
  // (read through `with`), as in n8n's per-run context: the shared global object stays frozen.
  K.codeCompile = function (source, mode) {
    const names = ALL_NAMES.concat(MODE_NAMES[mode] || []);
    const bound = new Set(names.concat([SCOPE, VARS]));
    const found = assignedNames(source);
    const vars = [...found.assigned].filter((name) => !bound.has(name));
    const open = vars.length ? `with (${VARS}) { ` : "";
    const text = `(function (${SCOPE}, ${VARS}) { ${open}let {${names.join(", ")}} = ${SCOPE}; `
      + `return async function ${MARK}() {\n${source}\n}; ${vars.length ? "} " : ""}})`;
    let made;
    try {
      made = (0, eval)(text);
    } catch (e) {
      const line = userLine(e);
      throw new SyntaxError(`${e.message}${line ? ` [line ${line}]` : ""}`);
    }
    fns.push({ make: made, vars, soft: found.soft });
    return fns.length - 1;
  };

  // One run's scope object: a getter and setter per assigned name. Until assigned, a name
  // reads as the global of that name, or is not defined (undefined for typeof).
  function makeVars(names, soft) {
    const values = new Map();
    const vars = Object.create(null);
    for (const name of names) {
      defineProperty(vars, name, {
        get() {
          if (values.has(name)) return values.get(name);
          if (name in g) return g[name];
          if (soft.has(name)) return undefined;
          throw new ReferenceError(`${name} is not defined`);
        },
        set(value) {
          if (!IMMUTABLE.has(name)) values.set(name, value);
        },
      });
    }
    return { vars, values };
  }

  // The scope object for a start of code `id`. Each-item code keeps one per chunk of items
  // (`request.scope`), as n8n keeps one context per chunk; a start again at the same item
  // (after data was loaded) first puts back the values the chunk had at that item.
  function varsFor(id, request) {
    const entry = fns[id];
    if (!entry.vars.length) return null;
    const keep = request.mode === "runOnceForEachItem" && request.scope;
    if (keep && carried && carried.key === request.scope && carried.id === id) {
      if (carried.start === request.start) {
        carried.values.clear();
        for (const [name, value] of carried.snapshot) carried.values.set(name, value);
      } else {
        carried.start = request.start;
        carried.snapshot = new Map(carried.values);
      }
      return carried.vars;
    }
    const made = makeVars(entry.vars, entry.soft);
    carried = keep
      ? { key: request.scope, id, start: request.start, snapshot: new Map(), ...made }
      : null;
    return made.vars;
  }

  K.codeLibrary = function (name, text) {
    if (!libraries.has(name)) {
      libraries.set(name, (0, eval)(`(function () { var exports = {};\n${text}\nreturn exports; })()`));
    }
  };

  function userLine(error) {
    const stack = error && typeof error.stack === "string" ? error.stack : "";
    for (const frame of stack.split("\n")) {
      const found = frame.match(/__kflowCode \(<input>:(\d+)/) || (error instanceof SyntaxError
        ? frame.match(/^\s*at <input>:(\d+)/) : null);
      if (found) {
        const line = Number(found[1]) - FIRST_LINE;
        return line >= 1 ? line : null;
      }
    }
    return null;
  }

  function describe(error) {
    if (error instanceof Error) {
      return { name: error.name, message: String(error.message), line: userLine(error) };
    }
    let text;
    try {
      text = JSON.stringify(error);
    } catch (e) {
      text = String(error);
    }
    return { name: "Error", message: text === undefined ? String(error) : text, line: null };
  }

  function copy(value) {
    return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
  }

  // Another node's items, as a copy of their own for this run (loaded on demand).
  function nodeItems(name, output) {
    const tokens = K.frame.nodes[name];
    if (tokens === undefined) {
      throw new Error(`Referenced node doesn't exist or has not run yet: '${name}'`);
    }
    const token = tokens[output || 0];
    if (token === undefined || token === null) return [];
    if (!state.copies.has(token)) {
      if (!K.data.has(token)) return need("data", token);
      state.copies.set(token, K.data.get(token).map((it) => {
        const item = { json: copy(it.json) };
        if (it.pairedItem !== undefined && it.pairedItem !== null) item.pairedItem = copy(it.pairedItem);
        return item;
      }));
    }
    return state.copies.get(token);
  }

  function unavailable(name) {
    return new Error(`Paired item data for item from node '${name}' is unavailable: `
      + "the item does not come from that node (check the nodes between return their items' pairedItem)");
  }

  function nodeProxy(name, lineageAt, current) {
    const pairedFor = (index) => {
      nodeItems(name, 0);
      const lineage = lineageAt(index);
      const pair = lineage ? lineage[name] : undefined;
      if (!pair) throw unavailable(name);
      const list = nodeItems(name, pair[0]);
      if (pair[1] >= list.length) throw unavailable(name);
      return list[pair[1]];
    };
    return {
      get item() { return pairedFor(current); },
      get json() { return pairedFor(current).json; },
      get isExecuted() { return K.frame.nodes[name] !== undefined; },
      get params() { return K.frame.params[name] || {}; },
      get context() { return {}; },
      first: (branch) => { const list = nodeItems(name, branch || 0); return list[0]; },
      last: (branch) => { const list = nodeItems(name, branch || 0); return list[list.length - 1]; },
      all: (branch) => nodeItems(name, branch || 0).slice(),
      itemMatching: (index) => pairedFor(index),
      pairedItem: (index) => pairedFor(index === undefined ? current : index),
    };
  }

  function jmespath(data, expression) {
    const lib = libraries.get("jmespath");
    if (!lib) return need("library", "jmespath");
    if (typeof data !== "object" || data === null) {
      throw new Error("$jmespath: the first argument must be an object or an array");
    }
    return lib.search(data, String(expression));
  }

  function formatLog(args) {
    return args.map((arg) => {
      if (typeof arg === "string") return arg;
      if (arg === undefined) return "undefined";
      if (typeof arg === "function") return `[Function ${arg.name || "anonymous"}]`;
      if (arg instanceof Error) return `${arg.name}: ${arg.message}`;
      try {
        const text = JSON.stringify(arg);
        return text === undefined ? String(arg) : text;
      } catch (e) {
        return String(arg);
      }
    }).join(" ");
  }

  function makeConsole() {
    const log = (level) => (...args) => {
      if (state.logs.length < state.maxLogs) state.logs.push([level, formatLog(args)]);
    };
    const none = () => undefined;
    return {
      log: log("log"), info: log("info"), warn: log("warn"), error: log("error"),
      debug: log("debug"), trace: none, dir: none, table: none, time: none, timeEnd: none,
      timeLog: none, assert: none, count: none, countReset: none, group: none,
      groupEnd: none, groupCollapsed: none, clear: none,
    };
  }

  // The variables of one call of the user's code: item `index` of the input.
  function scope(index) {
    const items = state.items;
    const current = items[index];
    const lineageAt = (i) => (state.lineages ? state.lineages[i - state.offset] : null);
    const each = state.mode === "runOnceForEachItem";
    const input = {
      all: () => items.slice(),
      first: () => items.find(() => true),
      last: () => items[items.length - 1],
      get item() { return current; },
      itemMatching: (i) => items[i],
      get params() { return K.frame.params[K.frame.node] || {}; },
      get context() { return { noItemsLeft: false }; },
    };
    const now = K.luxon.DateTime.fromMillis(K.frame.now).setZone(K.frame.tz);
    const S = {
      $input: input,
      $json: current ? current.json : {},
      $binary: current && current.binary ? current.binary : {},
      $itemIndex: index + state.indexBase,
      $: (name) => nodeProxy(String(name), lineageAt, index),
      $node: new Proxy({}, {
        get: (t, name) => (typeof name === "string" ? nodeProxy(name, lineageAt, index) : undefined),
      }),
      $items: (name, output) => (name === undefined ? items.slice() : nodeItems(String(name), output || 0).slice()),
      $runIndex: state.runIndex,
      $now: now,
      $today: now.startOf("day"),
      $workflow: copy(K.frame.workflow),
      $execution: copy(K.frame.execution),
      $vars: {},
      $parameter: copy(state.parameters),
      get $env() {
        if (!K.frame.env) {
          return new Proxy({}, { get() { throw new Error("access to env vars denied: run with --allow-env to read $env"); } });
        }
        if (!K.data.has(K.frame.env)) return need("data", K.frame.env);
        return copy(K.data.get(K.frame.env));
      },
      $jmespath: jmespath,
      $mode: K.frame.execution && K.frame.execution.mode,
      console: state.console,
    };
    if (each) S.item = current;
    else S.items = items;
    return S;
  }

  // What an each-item call's return becomes (n8n's rules): nothing for null and other
  // falsy values; else its json (the value itself, or its `json`) and binary.
  function eachAnswer(value) {
    if (!value) return { s: 1 };
    let json = value;
    if ((typeof value === "object" || typeof value === "function") && value !== null) {
      if ("json" in value) json = value.json;
      else if ("binary" in value) json = value.json === undefined || value.json === null ? {} : value.json;
    }
    const answer = { j: json === undefined ? null : json, u: json === undefined ? 1 : 0 };
    if (value.binary) answer.b = value.binary;
    return answer;
  }

  // Each run keeps its own state object, so a job left over from an interrupted run
  // could never write into a later one.
  async function runAll(st) {
    try {
      const value = await fns[st.id].make(scope(0), st.vars)();
      st.value = value === undefined ? { u: 1 } : { v: value };
    } catch (e) {
      st.error = describe(e);
    }
    st.done = true;
  }

  async function runEach(st) {
    const started = Date.now();
    while (st.next < st.items.length) {
      const index = st.next;
      try {
        const value = await fns[st.id].make(scope(index), st.vars)();
        st.results.push(eachAnswer(value));
      } catch (e) {
        st.error = describe(e);
        st.errorIndex = index;
        break;
      }
      st.next = index + 1;
      if (Date.now() - started >= st.budgetMs) break;
    }
    st.done = true;
  }

  // The input as the code sees it: each item paired to its own position. An each-item
  // run gets a chunk of the input; positions before it are holes, as in n8n.
  function inputItems(given, offset) {
    const items = [];
    items.length = offset;
    given.forEach((it, i) => {
      const item = { json: it.json, pairedItem: { item: offset + i } };
      if (it.binary) item.binary = it.binary;
      items[offset + i] = item;
    });
    return items;
  }

  // Starts code `id`. `requestText` is {mode, items: [{json, binary?}], offset (where the
  // items start in the input), start, lineages (per given item),
  // budgetMs, runIndex, indexBase (where a streamed run's window starts, for
  // $itemIndex), parameters, maxLogs, scope (each-item: the run and chunk whose undeclared
  // variables it shares)}; the host then runs pending jobs and reads
  // codeState().
  K.codeStart = function (id, requestText) {
    K.needs.length = 0;
    const request = JSON.parse(requestText);
    state = {
      id,
      mode: request.mode,
      items: inputItems(request.items, request.offset),
      offset: request.offset,
      lineages: request.lineages,
      next: request.start,
      budgetMs: request.budgetMs,
      runIndex: request.runIndex,
      indexBase: request.indexBase || 0,
      parameters: request.parameters,
      maxLogs: request.maxLogs,
      results: [],
      logs: [],
      copies: new Map(),
      done: false,
      error: null,
      errorIndex: null,
      value: undefined,
      vars: varsFor(id, request),
    };
    state.console = makeConsole();
    if (state.mode === "runOnceForEachItem") runEach(state);
    else runAll(state);
  };

  // Where the run is: {n: needs} when data must be loaded first, else what it made.
  K.codeState = function () {
    if (K.needs.length) return JSON.stringify({ n: K.needs });
    const answer = {
      done: state.done,
      next: state.next,
      logs: state.logs,
      error: state.error,
      errorIndex: state.errorIndex,
    };
    try {
      if (state.mode === "runOnceForEachItem") {
        answer.results = state.results;
      } else if (state.done && !state.error) {
        answer.value = state.value;
      }
      return JSON.stringify(answer);
    } catch (e) {
      answer.results = [];
      answer.value = undefined;
      answer.error = { name: e.name, message: `the returned data cannot be written as JSON: ${e.message}`, line: null };
      answer.errorIndex = state.mode === "runOnceForEachItem" ? state.next : null;
      return JSON.stringify(answer);
    }
  };

  // Forgets the last run (its items, logs, loaded copies) and each-item variables kept.
  K.codeReset = function () {
    state = null;
    carried = null;
  };
  K.shared.push(jmespath);

  // Where an interrupted run stopped (the item that was running), and what it logged.
  K.codeStopped = function () {
    return JSON.stringify({ next: state ? state.next : 0, logs: state ? state.logs : [] });
  };
})(globalThis);
