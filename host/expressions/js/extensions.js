// n8n's data-transformation functions ($json.tags.first(), "x".toNumber(), (1.5).round(),
// $now.plus(1, 'day') …), written for kflow from n8n's documentation.
//
// As in n8n, a call `value.name(args)` whose name is one of these functions is rewritten at
// compile time (see transform.js) into `K.ext(value, "name", [args])`. K.ext picks the
// function by the value's type at run time, and falls back to the value's own method.
(function (g) {
  "use strict";
  const K = g.__kflow;
  const { DateTime } = K.luxon;

  class ExtensionError extends Error {
    constructor(message) {
      super(message);
      // Error.prototype is frozen, so `name` is defined rather than assigned.
      Object.defineProperty(this, "name", { value: "ExpressionExtensionError" });
    }
  }

  K.shared.push(ExtensionError);

  const CURRENCY = /[$€£¥₽₴₹₩₪₺₦₫฿₱₡₭₮₲₵₸]/gu;
  const EMAIL = /[\w.+-]+@(?<domain>[\w-]+(?:\.[\w-]+)+)/;
  const URL_IN_TEXT = /https?:\/\/[^\s"'<>]+/;
  const URL_EXACT = /^(?:https?|ftp):\/\/[^\s/$.?#][^\s]*$/i;
  const DOMAIN = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,}|xn--[a-z0-9-]+)$/i;
  const UNIT_ALIASES = {
    ms: "millisecond", milliseconds: "millisecond", sec: "second", secs: "second",
    seconds: "second", min: "minute", mins: "minute", minutes: "minute", hr: "hour",
    hrs: "hour", hours: "hour", days: "day", weeks: "week", months: "month",
    quarters: "quarter", years: "year", d: "day", h: "hour", m: "minute", s: "second",
    M: "month", y: "year", w: "week", q: "quarter",
  };

  function sameValue(a, b) {
    if (a === b) return true;
    if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) {
      return Number.isNaN(a) && Number.isNaN(b);
    }
    if (Array.isArray(a) !== Array.isArray(b)) return false;
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    if (ka.length !== kb.length) return false;
    return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && sameValue(a[k], b[k]));
  }

  function distinct(list, keyOf) {
    const kept = [];
    const keys = [];
    for (const item of list) {
      const key = keyOf ? keyOf(item) : item;
      if (!keys.some((k) => sameValue(k, key))) {
        keys.push(key);
        kept.push(item);
      }
    }
    return kept;
  }

  function numbersOnly(list, name) {
    if (list.some((v) => typeof v !== "number")) {
      throw new ExtensionError(`${name}(): all array elements must be numbers`);
    }
    return list;
  }

  function compactObject(obj) {
    const out = {};
    for (const [key, value] of Object.entries(obj)) {
      if (value === null || value === undefined || value === "nil" || value === "") continue;
      if (typeof value === "object") {
        if (Object.keys(value).length === 0) continue;
        out[key] = compactObject(value);
      } else {
        out[key] = value;
      }
    }
    return out;
  }

  function unit(name) {
    return UNIT_ALIASES[name] || name;
  }

  function durationOf(amount, unitName) {
    return { [unit(unitName)]: amount };
  }

  function asDateTime(value) {
    if (DateTime.isDateTime(value)) return value;
    if (value instanceof Date) return DateTime.fromJSDate(value);
    if (typeof value === "number") return DateTime.fromMillis(value);
    return parseDateTime(String(value));
  }

  function parseDateTime(text) {
    const s = text.trim();
    const opts = { setZone: true };
    for (const parse of [DateTime.fromISO, DateTime.fromHTTP, DateTime.fromRFC2822,
      DateTime.fromSQL]) {
      const parsed = parse.call(DateTime, s, opts);
      if (parsed.isValid) return parsed;
    }
    const ms = Date.parse(s);
    const parsed = DateTime.fromMillis(ms);
    if (!Number.isNaN(ms) && parsed.isValid) return parsed;
    throw new ExtensionError("cannot convert to Luxon DateTime");
  }

  function fromNumber(value, format) {
    const kind = format === undefined ? "ms" : format;
    switch (kind) {
      case "ms": return DateTime.fromMillis(value);
      case "s": return DateTime.fromSeconds(value);
      case "us": return DateTime.fromMillis(value / 1000);
      case "excel": return DateTime.fromSeconds((value - 25569) * 86400);
      default:
        throw new ExtensionError(`Unsupported format '${String(kind)}'. toDateTime() supports `
          + "'ms', 's', 'us' and 'excel'.");
    }
  }

  function titleCase(text) {
    const small = /^(a|an|and|as|at|but|by|en|for|if|in|nor|of|on|or|per|the|to|v\.?|vs\.?|via)$/i;
    const words = text.split(/(\s+)/);
    let seen = 0;
    return words.map((word) => {
      if (/^\s+$/.test(word) || word === "") return word;
      const index = seen++;
      if (index > 0 && small.test(word)) return word;
      if (/[A-Z]/.test(word.slice(1)) || /[./@]/.test(word.slice(1))) return word;
      return word.charAt(0).toUpperCase() + word.slice(1);
    }).join("");
  }

  const string = {
    isEmpty: (v) => v === "",
    isNotEmpty: (v) => v !== "",
    length: (v) => v.length,
    toJsonString: (v) => JSON.stringify(v),
    removeTags: (v) => v.replace(/<[^>]*>?/gm, ""),
    removeMarkdown: (v) => v
      .replace(/^([\s\t]*)([*\-+]|\d\.)\s+/gm, "$1")
      .replace(/<[^>]+>/g, "")
      .replace(/!\[(.*?)\]\(.*?\)/g, "$1")
      .replace(/\[(.*?)\]\(.*?\)/g, "$1")
      .replace(/^#{1,6}\s*/gm, "")
      .replace(/^>\s?/gm, "")
      .replace(/(\*\*|__)(.+?)\1/g, "$2")
      .replace(/(\*|_)(\S.*?\S|\S)\1/g, "$2")
      .replace(/~~(.+?)~~/g, "$1")
      .replace(/`{3}.*\n?/g, "")
      .replace(/`(.+?)`/g, "$1"),
    toDate: (v) => {
      const date = new Date(Date.parse(v));
      if (Number.isNaN(date.getTime())) throw new ExtensionError("cannot convert to date");
      if (!/:/.test(v)) date.setHours(0, 0, 0);
      return date;
    },
    toDateTime: (v, [format]) => {
      if (format === "ms" || format === "s" || format === "us" || format === "excel") {
        return fromNumber(Number(v), format);
      }
      if (format) return DateTime.fromFormat(v, format);
      return parseDateTime(v);
    },
    urlEncode: (v, [whole]) => (whole ? encodeURI(v) : encodeURIComponent(v)),
    urlDecode: (v, [whole]) => (whole ? decodeURI(v) : decodeURIComponent(v)),
    toInt: (v, [radix]) => {
      const n = parseInt(v.replace(CURRENCY, ""), radix);
      if (Number.isNaN(n)) throw new ExtensionError("cannot convert to integer");
      return n;
    },
    toFloat: (v) => {
      if (v.includes(",")) {
        throw new ExtensionError("cannot convert to float, expected . as decimal separator");
      }
      const n = parseFloat(v.replace(CURRENCY, ""));
      if (Number.isNaN(n)) throw new ExtensionError("cannot convert to float");
      return n;
    },
    toNumber: (v) => {
      const n = Number(v.replace(CURRENCY, ""));
      if (Number.isNaN(n)) throw new ExtensionError("cannot convert to number");
      return n;
    },
    quote: (v, [mark = '"']) => mark + v.replace(/\\/g, "\\\\").split(mark).join("\\" + mark)
      + mark,
    isNumeric: (v) => !v.includes(" ") && !Number.isNaN(Number(v))
      && !Number.isNaN(parseFloat(v)),
    isUrl: (v) => URL_EXACT.test(v),
    isDomain: (v) => DOMAIN.test(v),
    isEmail: (v) => !v.includes(" ") && new RegExp("^" + EMAIL.source + "$").test(v),
    toTitleCase: (v) => titleCase(v),
    toSentenceCase: (v) => {
      const lower = v.toLowerCase();
      return lower.replace(/(^\s*|[.!?]\s+)([a-zа-яё])/giu, (m, lead, ch) => lead
        + ch.toUpperCase());
    },
    toSnakeCase: (v) => v.toLowerCase().replace(/[ -]/g, "_")
      .replace(/[\u2000-\u206F\u2E00-\u2E7F\\'!"#$%&()*+,./:;<=>?@[\]^`{|}~]/g, ""),
    extractEmail: (v) => {
      const m = EMAIL.exec(v);
      return m ? m[0] : undefined;
    },
    extractDomain: (v) => {
      const email = EMAIL.exec(v);
      if (email && !v.includes(" ") && email[0] === v) return email.groups.domain;
      const m = /^(?:[a-z]+:\/\/)?(?:www\.)?([^/:?#\s]+\.[^/:?#\s]+)/i.exec(v.trim());
      return m ? m[1] : undefined;
    },
    extractUrl: (v) => {
      const m = URL_IN_TEXT.exec(v);
      return m ? m[0] : undefined;
    },
    extractUrlPath: (v) => {
      const m = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*([^?#]*)/i.exec(v);
      return m ? m[1] || "/" : undefined;
    },
    parseJson: (v) => {
      try {
        return JSON.parse(v);
      } catch (e) {
        throw new ExtensionError(v.includes("'")
          ? "Parsing failed. Check you're using double quotes" : "Parsing failed");
      }
    },
    toBoolean: (v) => {
      const lower = v.toLowerCase();
      return lower.length > 0 && lower !== "false" && lower !== "no" && lower !== "0";
    },
    base64Encode: (v) => K.base64Encode(v),
    base64Decode: (v) => K.base64Decode(v),
    replaceSpecialChars: (v) => v.normalize("NFD").replace(/[\u0300-\u036f]/g, ""),
  };
  string.toDecimalNumber = string.toFloat;
  string.toWholeNumber = string.toInt;

  const number = {
    ceil: (v) => Math.ceil(v),
    floor: (v) => Math.floor(v),
    abs: (v) => Math.abs(v),
    round: (v, [places = 0]) => +v.toFixed(places),
    isInteger: (v) => Number.isInteger(v),
    isEven: (v) => {
      if (!Number.isInteger(v)) throw new ExtensionError("isEven() is only callable on integers");
      return v % 2 === 0;
    },
    isOdd: (v) => {
      if (!Number.isInteger(v)) throw new ExtensionError("isOdd() is only callable on integers");
      return Math.abs(v) % 2 === 1;
    },
    format: (v, [locale = "en-US", options = {}]) => new Intl.NumberFormat(locale, options)
      .format(v),
    toBoolean: (v) => v !== 0,
    toInt: (v) => +v.toFixed(0),
    toFloat: (v) => v,
    toDateTime: (v, [format]) => fromNumber(v, format),
  };

  const array = {
    first: (v) => v[0],
    last: (v) => v[v.length - 1],
    isEmpty: (v) => v.length === 0,
    isNotEmpty: (v) => v.length > 0,
    reverse: (v) => v.slice().reverse(),
    pluck: (v, fields) => {
      if (fields.length === 0) return v;
      const out = [];
      for (const item of v) {
        if (!item || typeof item !== "object") continue;
        const found = Object.keys(item).filter((k) => fields.includes(k)).map((k) => item[k]);
        if (found.length) out.push(found.length === 1 ? found[0] : found);
      }
      return out;
    },
    randomItem: (v) => (v.length ? v[Math.floor(Math.random() * v.length)] : undefined),
    unique: (v, fields) => distinct(v, fields.length ? (item) => {
      if (!item || typeof item !== "object") return item;
      const key = {};
      for (const f of fields) key[f] = item[f];
      return key;
    } : null),
    sum: (v) => numbersOnly(v, "sum").reduce((a, b) => a + b, 0),
    min: (v) => Math.min(...numbersOnly(v, "min")),
    max: (v) => Math.max(...numbersOnly(v, "max")),
    average: (v) => (numbersOnly(v, "average").length
      ? v.reduce((a, b) => a + b, 0) / v.length : 0),
    compact: (v) => v
      .filter((x) => !(x && typeof x === "object" && Object.keys(x).length === 0))
      .filter((x) => x !== null && x !== undefined && x !== "nil" && x !== "")
      .map((x) => (x !== null && typeof x === "object" ? compactObject(x) : x)),
    smartJoin: (v, [keyField, valueField]) => {
      if (typeof keyField !== "string" || typeof valueField !== "string" || !keyField
        || !valueField) {
        throw new ExtensionError('smartJoin(): expected two string args, e.g. .smartJoin("name", '
          + '"value")');
      }
      const out = {};
      for (const item of v) {
        if (item && typeof item === "object" && keyField in item && valueField in item) {
          out[item[keyField]] = item[valueField];
        }
      }
      return out;
    },
    chunk: (v, [size]) => {
      if (typeof size !== "number" || size === 0) {
        throw new ExtensionError("chunk(): expected non-zero numeric arg, e.g. .chunk(5)");
      }
      const out = [];
      for (let i = 0; i < v.length; i += size) out.push(v.slice(i, i + size));
      return out;
    },
    renameKeys: (v, pairs) => {
      if (pairs.length === 0 || pairs.length % 2 !== 0) {
        throw new ExtensionError("renameKeys(): expected an even amount of args: from1, to1 "
          + '[, from2, to2, ...]. e.g. .renameKeys("name", "title")');
      }
      return v.map((item) => {
        if (!item || typeof item !== "object") return item;
        const copy = Object.assign({}, item);
        for (let i = 0; i < pairs.length; i += 2) {
          if (Object.prototype.hasOwnProperty.call(copy, pairs[i])) {
            copy[pairs[i + 1]] = copy[pairs[i]];
            delete copy[pairs[i]];
          }
        }
        return copy;
      });
    },
    merge: (v, [others]) => {
      const fill = (target, source) => {
        for (const [k, x] of Object.entries(source)) if (!(k in target)) target[k] = x;
        return target;
      };
      if (others === undefined) {
        return v.reduce((acc, item) => (item && typeof item === "object" && !Array.isArray(item)
          ? fill(acc, item) : acc), {});
      }
      if (!Array.isArray(others)) {
        throw new ExtensionError("merge(): expected array arg, e.g. .merge([{ id: 1, "
          + "otherValue: 3 }])");
      }
      const out = {};
      for (let i = 0; i < Math.max(v.length, others.length); i++) {
        if (v[i] !== undefined && typeof v[i] === "object" && typeof others[i] === "object") {
          Object.assign(out, fill(Object.assign({}, v[i]), others[i] || {}));
        }
      }
      return out;
    },
    union: (v, [others]) => {
      if (!Array.isArray(others)) {
        throw new ExtensionError("union(): expected array arg, e.g. .union([1, 2, 3, 4])");
      }
      return distinct(v.concat(others));
    },
    difference: (v, [others]) => {
      if (!Array.isArray(others)) {
        throw new ExtensionError("difference(): expected array arg, e.g. .difference([1, 2, 3, "
          + "4])");
      }
      return distinct(v.filter((x) => !others.some((y) => sameValue(x, y))));
    },
    intersection: (v, [others]) => {
      if (!Array.isArray(others)) {
        throw new ExtensionError("intersection(): expected array arg, e.g. .intersection([1, 2, "
          + "3, 4])");
      }
      return distinct(v.filter((x) => others.some((y) => sameValue(x, y))));
    },
    append: (v, extra) => v.concat(extra),
    toJsonString: (v) => JSON.stringify(v),
    toInt: () => undefined,
    toFloat: () => undefined,
    toBoolean: () => undefined,
    toDateTime: () => undefined,
  };
  array.removeDuplicates = array.unique;
  array.mean = array.average;

  const object = {
    isEmpty: (v) => Object.keys(v).length === 0,
    isNotEmpty: (v) => Object.keys(v).length > 0,
    keys: (v) => Object.keys(v),
    values: (v) => Object.values(v),
    hasField: (v, [name]) => name in v,
    removeField: (v, [name]) => {
      if (!(name in v)) return v;
      const copy = Object.assign({}, v);
      delete copy[name];
      return copy;
    },
    removeFieldsContaining: (v, [text]) => {
      if (typeof text !== "string" || text === "") {
        throw new ExtensionError("removeFieldsContaining(): expected non-empty string arg");
      }
      const out = {};
      for (const [k, x] of Object.entries(v)) {
        if (!(typeof x === "string" && x.includes(text))) out[k] = x;
      }
      return out;
    },
    keepFieldsContaining: (v, [text]) => {
      if (typeof text !== "string" || text === "") {
        throw new ExtensionError("argument of keepFieldsContaining must be a non-empty string");
      }
      const out = {};
      for (const [k, x] of Object.entries(v)) {
        if (typeof x === "string" && x.includes(text)) out[k] = x;
      }
      return out;
    },
    compact: (v) => compactObject(v),
    urlEncode: (v) => Object.entries(v)
      .map(([k, x]) => encodeURIComponent(k) + "=" + encodeURIComponent(String(x))
        .replace(/%20/g, "+"))
      .join("&"),
    toJsonString: (v) => JSON.stringify(v),
    toInt: () => undefined,
    toFloat: () => undefined,
    toBoolean: () => undefined,
    toDateTime: () => undefined,
  };

  const boolean = {
    toBoolean: (v) => v,
    toInt: (v) => (v ? 1 : 0),
    toFloat: (v) => (v ? 1 : 0),
    toNumber: (v) => (v ? 1 : 0),
    toDateTime: () => undefined,
  };

  // Date functions work on Luxon DateTimes; a JS Date goes in and comes out as a Date.
  function onDate(fn) {
    return (v, args) => {
      if (DateTime.isDateTime(v)) return fn(v, args);
      const result = fn(DateTime.fromJSDate(v), args);
      return DateTime.isDateTime(result) ? result.toJSDate() : result;
    };
  }

  const date = {
    beginningOf: onDate((d, [u = "week"]) => d.startOf(unit(u))),
    endOfMonth: onDate((d) => d.endOf("month")),
    extract: onDate((d, [part = "week"]) => {
      if (part === "yearDayNumber") return d.ordinal;
      return d.get(part === "week" ? "weekNumber" : unit(part));
    }),
    format: onDate((d, [pattern, options = {}]) => d.toFormat(pattern, options)),
    isBetween: (d, args) => {
      if (args.length !== 2) throw new ExtensionError("isBetween(): expected exactly two args");
      const a = asDateTime(args[0]);
      const b = asDateTime(args[1]);
      const self = asDateTime(d);
      const [low, high] = a > b ? [b, a] : [a, b];
      return low < self && self < high;
    },
    isDst: onDate((d) => d.isInDST),
    isInLast: onDate((d, [amount = 0, u = "minutes"]) => {
      const now = DateTime.now();
      return now.minus(durationOf(amount, u)) <= d && d <= now;
    }),
    isWeekend: onDate((d) => d.weekday === 6 || d.weekday === 7),
    minus: onDate((d, args) => (args.length === 1 ? d.minus(args[0])
      : d.minus(durationOf(args[0] === undefined ? 0 : args[0], args[1] || "minutes")))),
    plus: onDate((d, args) => (args.length === 1 ? d.plus(args[0])
      : d.plus(durationOf(args[0] === undefined ? 0 : args[0], args[1] || "minutes")))),
    diffTo: onDate((d, [other, units = "days"]) => {
      const list = Array.isArray(units) ? (units.length ? units : ["days"]) : [units];
      const diff = d.diff(asDateTime(other), list);
      return list.length > 1 ? diff.toObject() : diff.as(list[0]);
    }),
    diffToNow: onDate((d, [units = "days"]) => {
      const list = Array.isArray(units) ? units : [units];
      const diff = d.diff(DateTime.now(), list);
      return list.length > 1 ? diff.toObject() : diff.as(list[0]);
    }),
    toDateTime: (d) => asDateTime(d),
    toInt: (d) => (DateTime.isDateTime(d) ? d.toMillis() : d.getTime()),
    toFloat: (d) => (DateTime.isDateTime(d) ? d.toMillis() : d.getTime()),
    toBoolean: () => undefined,
    isEmpty: () => false,
    isNotEmpty: () => true,
  };

  const generic = {
    isEmpty: (v) => v === null || v === undefined || !v,
    isNotEmpty: (v) => !(v === null || v === undefined || !v),
  };

  const TYPES = [
    ["array", array], ["date", date], ["number", number], ["object", object],
    ["string", string], ["boolean", boolean],
  ];

  function isIsoDateString(v) {
    if (typeof v !== "string" || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/.test(v)) return false;
    const d = new Date(v);
    return !Number.isNaN(d.getTime()) && d.toISOString() === v;
  }

  function lookup(value, name) {
    if (Array.isArray(value)) return [value, own(array, name)];
    if (isIsoDateString(value) && name !== "toDate" && name !== "toDateTime") {
      return [new Date(value), own(date, name)];
    }
    if (typeof value === "string") return [value, own(string, name)];
    if (typeof value === "number") return [value, own(number, name)];
    if (value && (DateTime.isDateTime(value) || value instanceof Date)) return [value, own(date, name)];
    if (value !== null && typeof value === "object") return [value, own(object, name)];
    if (typeof value === "boolean") return [value, own(boolean, name)];
    return [value, undefined];
  }

  function own(table, name) {
    return Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined;
  }

  K.extensionNames = Array.from(new Set(TYPES.flatMap(([, t]) => Object.keys(t))
    .concat(Object.keys(generic))));

  // `value.name(...args)` as n8n runs it.
  K.ext = function (input, name, args) {
    const [value, fn] = lookup(input, name);
    if (fn) return fn(value, args);
    if (input !== null && input !== undefined && typeof input[name] === "function") {
      return input[name](...args);
    }
    if (own(generic, name)) return generic[name](input, args);
    if (input === null || input === undefined) {
      throw new TypeError(`Cannot read properties of ${input} (reading '${name}')`);
    }
    const owners = TYPES.filter(([, t]) => own(t, name)).map(([type]) => `"${type}"`);
    if (owners.length === 0) throw new TypeError(`${name} is not a function`);
    if (owners.length === 1) {
      throw new ExtensionError(`${name}() is only callable on type ${owners[0]}`);
    }
    const lastType = owners.pop();
    throw new ExtensionError(`${name}() is only callable on types ${owners.join(", ")}, and `
      + lastType);
  };

  // `value?.name(...args)`: undefined when there is nothing to call.
  K.extOptional = function (input, name, args) {
    if (input === null || input === undefined) return undefined;
    return K.ext(input, name, args);
  };

  const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

  K.base64Encode = function (text) {
    const bytes = Array.from(unescape(encodeURIComponent(text)), (c) => c.charCodeAt(0));
    let out = "";
    for (let i = 0; i < bytes.length; i += 3) {
      const [a, b, c] = [bytes[i], bytes[i + 1], bytes[i + 2]];
      const n = (a << 16) | ((b || 0) << 8) | (c || 0);
      out += B64[n >> 18] + B64[(n >> 12) & 63] + (b === undefined ? "=" : B64[(n >> 6) & 63])
        + (c === undefined ? "=" : B64[n & 63]);
    }
    return out;
  };

  K.base64Decode = function (text) {
    const clean = String(text).replace(/[^A-Za-z0-9+/]/g, "");
    let bits = "";
    for (const ch of clean) bits += B64.indexOf(ch).toString(2).padStart(6, "0");
    let raw = "";
    for (let i = 0; i + 8 <= bits.length; i += 8) {
      raw += String.fromCharCode(parseInt(bits.slice(i, i + 8), 2));
    }
    return decodeURIComponent(escape(raw));
  };

  K.ExtensionError = ExtensionError;
})(globalThis);
