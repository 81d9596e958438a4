// Last setup step: the globals n8n expressions use, then everything shared is frozen, so
// that no evaluation can change what a later one sees. The host deletes __kflow and then
// freezes the global object itself.
(function (g) {
  "use strict";
  const K = g.__kflow;
  delete g.acorn;
  for (const name of ["DateTime", "Duration", "Interval"]) {
    Object.defineProperty(g, name, { value: K.luxon[name], writable: false, configurable: false });
  }
  const seen = new Set();
  function freeze(value) {
    if (value === null || (typeof value !== "object" && typeof value !== "function")) return;
    if (seen.has(value) || value === K || value === g) return;
    seen.add(value);
    Object.freeze(value);
    for (const key of Reflect.ownKeys(value)) {
      const desc = Object.getOwnPropertyDescriptor(value, key);
      if (desc && "value" in desc) freeze(desc.value);
    }
    freeze(Object.getPrototypeOf(value));
  }
  for (const key of Reflect.ownKeys(g)) {
    if (key === "__kflow") continue;
    const desc = Object.getOwnPropertyDescriptor(g, key);
    if (desc && "value" in desc) freeze(desc.value);
  }
  freeze(Object.getPrototypeOf(function* () {}));
  freeze(Object.getPrototypeOf(async function () {}));
  freeze(Object.getPrototypeOf([][Symbol.iterator]()));
})(globalThis);
