// Loaded after harden.js, so that one engine can serve execution after execution (serve's
// pool of warm engines). Two jobs:
//
// 1. Freeze what harden.js does not reach and code could still write to: accessor
//    functions and what static getters hand out (DateTime.DATE_SHORT…), the intrinsics
//    only syntax reaches (async generators, Map/Set/String iterators), Luxon's classes and
//    the objects it shares (zones, locales), the runtime's own classes and helpers
//    (K.shared), and each compiled expression. An execution then has nowhere to put a value
//    that a later one could read, except the stores K.reset empties.
// 2. K.reset: forget the execution (loaded data, frame, Code node state, Luxon's caches) and
//    answer whether the global object is as it was built.
(function (g) {
  "use strict";
  const K = g.__kflow;
  const { luxon } = K;
  const stores = new Set([K, K.data, K.zones, K.fns, K.needs, g]);
  const seen = new Set();

  function harden(value) {
    if (value === null || (typeof value !== "object" && typeof value !== "function")) return;
    if (seen.has(value) || stores.has(value)) return;
    seen.add(value);
    Object.freeze(value);
    for (const key of Reflect.ownKeys(value)) {
      const desc = Object.getOwnPropertyDescriptor(value, key);
      if (!desc) continue;
      if ("value" in desc) {
        harden(desc.value);
        continue;
      }
      harden(desc.get);
      harden(desc.set);
      if (typeof value === "function" && desc.get) {
        try {
          harden(desc.get.call(value));
        } catch (e) {
          // a getter that needs another receiver hands out nothing shared
        }
      }
    }
    harden(Object.getPrototypeOf(value));
  }

  for (const key of Reflect.ownKeys(g)) {
    if (key === "__kflow") continue;
    const desc = Object.getOwnPropertyDescriptor(g, key);
    if (desc) harden("value" in desc ? desc.value : desc.get);
  }
  harden(Object.getPrototypeOf(async function* () {}));
  harden(Object.getPrototypeOf(new Map().entries()));
  harden(Object.getPrototypeOf(new Set().values()));
  harden(Object.getPrototypeOf(""[Symbol.iterator]()));
  harden(Object.getPrototypeOf("".matchAll(/a/g)));
  for (const key of Object.keys(luxon)) harden(luxon[key]);
  const probe = luxon.DateTime.fromMillis(0, { zone: "UTC" });
  harden(Object.getPrototypeOf(probe.loc));
  harden(Object.getPrototypeOf(probe.zone));
  harden(luxon.FixedOffsetZone.utcInstance);
  harden(luxon.SystemZone.instance);
  for (const value of K.shared) harden(value);

  // Each compiled expression is frozen with its prototype object, so that it cannot be
  // written to through `arguments.callee`.
  const compile = K.compile;
  K.compile = function (source, names) {
    const id = compile(source, names);
    harden(K.fns[id]);
    return id;
  };

  const globals = Reflect.ownKeys(g).filter((key) => key !== "__kflow");

  // Forgets everything one execution loaded or left; answers whether the global object
  // still has exactly the names it was built with and is frozen.
  K.reset = function () {
    K.data.clear();
    K.frame = null;
    K.needs.length = 0;
    K.defaultZone = "UTC";
    luxon.Settings.defaultZone = "UTC";
    luxon.Settings.resetCaches();
    K.codeReset();
    const now = Reflect.ownKeys(g);
    return Object.isFrozen(g) && now.length === globals.length
      && globals.every((key, i) => now[i] === key);
  };
})(globalThis);
