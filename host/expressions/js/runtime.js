// The host side of expressions inside QuickJS: compiled expressions, the variables they
// see ($json, $input, $('Node'), $now, …), data loaded on demand, and result conversion.
//
// QuickJS cannot call back into Python while a time limit is set. So when an expression
// needs something not loaded yet (another node's items, a time zone's table, $env), it is
// noted in K.needs and the evaluation stops; the host loads it and runs the expression again.
// Expressions have no side effects outside their own evaluation, so running again is safe.
(function (g) {
  "use strict";

  class Need extends Error {}

  const K = {
    needs: [],
    data: new Map(),
    zones: new Map(),
    fns: [],
    frame: null,
    shared: [], // objects code can reach that no global leads to: reuse.js freezes them
    defaultZone: "UTC",
  };
  // Only the setup scripts see __kflow: the host takes its API and then deletes the name.
  Object.defineProperty(g, "__kflow", { value: K, writable: false, configurable: true });

  function need(kind, key) {
    K.needs.push([kind, key]);
    throw new Need("loading " + kind);
  }

  function deepFreeze(value) {
    if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
      Object.freeze(value);
      for (const key of Object.keys(value)) deepFreeze(value[key]);
    }
    return value;
  }

  K.zone = function (name) {
    if (K.zones.has(name)) return K.zones.get(name);
    return need("zone", name);
  };
  // A zone that was asked for before it was loaded may sit in Luxon's caches as invalid.
  K.loadZone = function (name, text) {
    K.zones.set(name, JSON.parse(text));
    K.luxon.Settings.resetCaches();
  };
  K.loadData = function (token, text) {
    K.data.set(token, deepFreeze(JSON.parse(text)));
  };
  K.retain = function (tokensText) {
    const keep = new Set(JSON.parse(tokensText));
    for (const token of Array.from(K.data.keys())) if (!keep.has(token)) K.data.delete(token);
  };
  K.setFrame = function (text) {
    K.frame = deepFreeze(JSON.parse(text));
    K.defaultZone = K.frame.tz;
    K.luxon.Settings.defaultZone = K.frame.tz;
  };

  function loaded(token) {
    if (K.data.has(token)) return K.data.get(token);
    return need("data", token);
  }

  function view(item) {
    return { json: item.json, pairedItem: item.pairedItem, binary: item.binary };
  }

  function nodeItems(name, output) {
    const tokens = K.frame.nodes[name];
    if (tokens === undefined) {
      throw new Error(`Referenced node is unexecuted: node '${name}' has not run (or does not exist)`);
    }
    const token = tokens[output || 0];
    return token === undefined || token === null ? [] : loaded(token);
  }

  class NodeProxy {
    constructor(name, lineage) {
      this._name = name;
      this._lineage = lineage;
    }

    get item() {
      nodeItems(this._name, 0); // fails first when the node has not run
      const pair = (this._lineage || {})[this._name];
      if (!pair) {
        throw new Error(`Paired item data for item from node '${this._name}' is unavailable`);
      }
      const list = nodeItems(this._name, pair[0]);
      if (pair[1] >= list.length) {
        throw new Error(`Paired item data for item from node '${this._name}' is unavailable`);
      }
      return view(list[pair[1]]);
    }

    get json() {
      return this.item.json;
    }

    get isExecuted() {
      return K.frame.nodes[this._name] !== undefined;
    }

    get params() {
      const params = K.frame.params[this._name];
      return params === undefined ? {} : params;
    }

    get context() {
      const context = (K.frame.contexts || {})[this._name];
      return context === undefined ? {} : context;
    }

    first(branch) {
      const items = nodeItems(this._name, branch || 0);
      return items.length ? view(items[0]) : undefined;
    }

    last(branch) {
      const items = nodeItems(this._name, branch || 0);
      return items.length ? view(items[items.length - 1]) : undefined;
    }

    all(branch) {
      return nodeItems(this._name, branch || 0).map(view);
    }

    pairedItem() {
      return this.item;
    }

    itemMatching(index) {
      return this.item;
    }
  }

  // What one evaluation sees. Each getter builds its variable only when used.
  class Scope {
    constructor(json, index, lineage, paired) {
      this.frame = K.frame;
      this.json = json;
      this.index = index;
      this.lineage = lineage;
      this.paired = paired;
    }

    get input() {
      const self = this;
      const items = () => loaded(K.frame.input);
      return {
        get item() {
          return { json: self.json, pairedItem: self.paired };
        },
        all: () => items().map(view),
        first: () => (items().length ? view(items()[0]) : undefined),
        last: () => (items().length ? view(items()[items().length - 1]) : undefined),
        get params() {
          return K.frame.params[K.frame.node] || {};
        },
        get context() {
          return (K.frame.contexts || {})[K.frame.node] || {};
        },
      };
    }

    get node() {
      const lineage = this.lineage;
      return new Proxy({}, {
        get(target, name) {
          return typeof name === "string" ? new NodeProxy(name, lineage) : undefined;
        },
        has(target, name) {
          return K.frame.nodes[name] !== undefined;
        },
      });
    }

    get dollar() {
      const lineage = this.lineage;
      return (name) => new NodeProxy(String(name), lineage);
    }

    get items() {
      return (name, output) => {
        if (name === undefined) return loaded(K.frame.input).map(view);
        return nodeItems(String(name), output || 0).map(view);
      };
    }

    get now() {
      return K.luxon.DateTime.fromMillis(K.frame.now).setZone(K.frame.tz);
    }

    get today() {
      return this.now.startOf("day");
    }

    get env() {
      if (!K.frame.env) {
        return new Proxy({}, {
          get() {
            throw new Error("access to env vars denied: run with --allow-env to read $env");
          },
        });
      }
      return loaded(K.frame.env);
    }
  }

  const helpers = {
    $if: (condition, whenTrue, whenFalse) => (condition ? whenTrue : whenFalse),
    $ifEmpty: (value, fallback) => {
      if (value === undefined || value === null || value === "") return fallback;
      if (Array.isArray(value) && value.length === 0) return fallback;
      if (typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 0
        && Object.getPrototypeOf(value) === Object.prototype) return fallback;
      return value;
    },
    $max: (...values) => Math.max(...values),
    $min: (...values) => Math.min(...values),
  };

  // Names an expression may use, and how each is read off the scope.
  const VARIABLES = {
    $json: "S.json",
    $input: "S.input",
    $: "S.dollar",
    $node: "S.node",
    $items: "S.items",
    $itemIndex: "S.index",
    $runIndex: "S.frame.runIndex",
    $workflow: "S.frame.workflow",
    $execution: "S.frame.execution",
    $vars: "S.frame.vars",
    $parameter: "(S.frame.params[S.frame.node] || {})",
    $now: "S.now",
    $today: "S.today",
    $env: "S.env",
    $binary: "({})",
    $if: "H.$if",
    $ifEmpty: "H.$ifEmpty",
    $max: "H.$max",
    $min: "H.$min",
  };

  // Compiles one expression body into a function of the scope; returns its number.
  K.compile = function (source, names) {
    const used = JSON.parse(names).filter((n) => VARIABLES[n] !== undefined);
    const lines = used.map((n) => `const ${n === "$" ? "$" : n} = ${VARIABLES[n]};`);
    const text = `(function (S, __x, H) {\n${lines.join("\n")}\nreturn (\n${source}\n);\n})`;
    K.fns.push((0, eval)(text));
    return K.fns.length - 1;
  };

  function isDateTime(value) {
    return value instanceof K.luxon.DateTime;
  }

  // A result as n8n hands it on: plain JSON, with dates as ISO text.
  function plain(value) {
    if (value === undefined) return { u: 1 };
    if (typeof value === "number" && !Number.isFinite(value)) return { f: String(value) };
    if (typeof value === "bigint") return { v: String(value) };
    if (typeof value === "function") return { v: undefined };
    if (isDateTime(value)) return { v: value.toISO() };
    if (value instanceof Date) return { v: value.toISOString() };
    return { v: value };
  }

  // A result as n8n writes it into text around it: String(value), nothing for null.
  function text(value) {
    if (value === undefined || value === null) return "";
    return String(value);
  }

  function failure(error) {
    if (error === null) {
      // QuickJS throws a bare null when it cannot even allocate the error.
      return { e: "ran out of memory (or threw null)", m: 1 };
    }
    return { e: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }

  function encode(result) {
    try {
      return JSON.stringify(result);
    } catch (e) {
      return JSON.stringify(failure(e));
    }
  }

  // Runs compiled expression `id` for a batch of items of one node run. `batchText` is
  // {items: [json…], indexes: [$itemIndex…], lineages: [… | null] | null, paired: […] | null}.
  // Answers {n: needs} when something must be loaded first, else {r: [one answer per item]}:
  // {v} or {u} (undefined) for a value, {t} for text, {f} for NaN or ±Infinity, {e} for an
  // error. Each item gets its own parsed json, so items cannot reach one another.
  K.run = function (id, batchText, asText) {
    K.needs.length = 0;
    const batch = JSON.parse(batchText);
    const parts = [];
    for (let i = 0; i < batch.items.length; i++) {
      let result;
      try {
        const lineage = batch.lineages ? batch.lineages[i] : null;
        const paired = batch.paired ? batch.paired[i] : undefined;
        const scope = new Scope(batch.items[i], batch.indexes[i], lineage, paired);
        const compiled = K.fns[id]; // called on its own, so that `this` is not K.fns
        const value = compiled(scope, API, helpers);
        result = asText ? { t: text(value) } : plain(value);
      } catch (e) {
        if (K.needs.length) return JSON.stringify({ n: K.needs });
        result = failure(e);
        if (result.m) return JSON.stringify({ r: [result] , m: 1 });
      }
      if (K.needs.length) return JSON.stringify({ n: K.needs });
      parts.push(encode(result));
    }
    // Joined, not concatenated: a concatenated string may be a rope, which the wrapper
    // cannot hand to Python.
    return ['{"r":[', parts.join(","), "]}"].join("");
  };

  const API = Object.freeze({
    ext: (...args) => K.ext(...args),
    extOptional: (...args) => K.extOptional(...args),
  });
  Object.freeze(helpers);
  K.shared.push(Need, NodeProxy, Scope, API, helpers);
})(globalThis);
