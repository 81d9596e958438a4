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
  const fns = [];
  const libraries = new Map();
  const FIRST_LINE = 1; // the wrapper's own lines before the user's first line
  const MARK = "__kflowCode";
  let state = null;

  const ALL_NAMES = ["$input", "$json", "$binary", "$itemIndex", "$", "$node", "$items",
    "$runIndex", "$now", "$today", "$workflow", "$execution", "$vars", "$parameter",
    "$env", "$jmespath", "$mode", "console"];
  const MODE_NAMES = { runOnceForAllItems: ["items"], runOnceForEachItem: ["item"] };

  function need(kind, key) {
    K.needs.push([kind, key]);
    throw new Error("loading " + kind);
  }

  // Compiles user code for a mode; returns its number. A SyntaxError names the user's line.
  K.codeCompile = function (source, mode) {
    const names = ALL_NAMES.concat(MODE_NAMES[mode] || []);
    const text = `(function (S) { let {${names.join(", ")}} = S; return async function ${MARK}() {\n`
      + source + "\n}; })";
    let made;
    try {
      made = (0, eval)(text);
    } catch (e) {
      const line = userLine(e);
      throw new SyntaxError(`${e.message}${line ? ` [line ${line}]` : ""}`);
    }
    fns.push(made);
    return fns.length - 1;
  };

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
      const value = await fns[st.id](scope(0))();
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
        const value = await fns[st.id](scope(index))();
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
  // $itemIndex), parameters, maxLogs}; the host then runs pending jobs and reads
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

  // Where an interrupted run stopped (the item that was running), and what it logged.
  K.codeStopped = function () {
    return JSON.stringify({ next: state ? state.next : 0, logs: state ? state.logs : [] });
  };
})(globalThis);
