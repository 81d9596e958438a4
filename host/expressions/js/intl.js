// A small Intl for QuickJS, which has none: English (en-US), the Gregorian calendar and
// Latin digits, which is what Luxon and n8n's helpers ask of it.
// Time-zone offsets come from tables the host loads on demand (__kflow.zone / __kflow.need).
(function (g) {
  "use strict";
  const K = g.__kflow;
  const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];
  const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

  function pad(n, width) {
    const s = String(Math.abs(n));
    return (n < 0 ? "-" : "") + (s.length >= width ? s : "0".repeat(width - s.length) + s);
  }

  // The offset in minutes of `zone` at epoch milliseconds `ms`.
  function zoneOffset(zone, ms) {
    const table = K.zone(zone);
    if (table === null) throw new RangeError("Invalid time zone specified: " + zone);
    let lo = 0;
    let hi = table.length - 1;
    if (ms < table[0][0]) return table[0][1];
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (table[mid][0] <= ms) lo = mid;
      else hi = mid - 1;
    }
    return table[lo][1];
  }

  function canonicalZone(zone) {
    if (zone === undefined) return K.defaultZone;
    const text = String(zone);
    const upper = text.toUpperCase();
    if (upper === "UTC" || upper === "ETC/UTC" || upper === "GMT" || upper === "ETC/GMT") {
      return "UTC";
    }
    if (K.zone(text) === null) throw new RangeError("Invalid time zone specified: " + text);
    return text;
  }

  class DateTimeFormat {
    constructor(locale, options) {
      const o = options || {};
      this._zone = canonicalZone(o.timeZone);
      this._o = Object.assign({}, o);
      const hasField = ["weekday", "era", "year", "month", "day", "hour", "minute", "second",
        "timeZoneName", "dateStyle", "timeStyle"].some((k) => o[k] !== undefined);
      if (!hasField) {
        this._o.year = "numeric";
        this._o.month = "numeric";
        this._o.day = "numeric";
      }
      if (this._o.hour12 === undefined && this._o.hourCycle === undefined) {
        this._o.hour12 = true;
      } else if (this._o.hourCycle !== undefined) {
        this._o.hour12 = this._o.hourCycle === "h12" || this._o.hourCycle === "h11";
      }
    }

    resolvedOptions() {
      return Object.assign({}, this._o, {
        locale: "en-US",
        calendar: "gregory",
        numberingSystem: "latn",
        timeZone: this._zone,
      });
    }

    formatToParts(date) {
      const ms = date === undefined ? Date.now() : +date;
      if (Number.isNaN(ms)) throw new RangeError("Invalid time value");
      const offset = zoneOffset(this._zone, ms);
      const d = new Date(ms + offset * 60000);
      const o = this._o;
      const parts = [];
      const lit = (value) => parts.push({ type: "literal", value });
      const year = d.getUTCFullYear();
      const month = d.getUTCMonth();
      const day = d.getUTCDate();
      const named = o.month === "long" || o.month === "short" || o.month === "narrow";
      if (o.weekday) {
        const name = DAYS[d.getUTCDay()];
        parts.push({ type: "weekday", value: o.weekday === "long" ? name : o.weekday === "short"
          ? name.slice(0, 3) : name[0] });
        if (o.month || o.day || o.year) lit(", ");
      }
      const monthPart = () => {
        let value;
        if (o.month === "long") value = MONTHS[month];
        else if (o.month === "short") value = MONTHS[month].slice(0, 3);
        else if (o.month === "narrow") value = MONTHS[month][0];
        else value = o.month === "2-digit" ? pad(month + 1, 2) : String(month + 1);
        parts.push({ type: "month", value });
      };
      const dayPart = () => parts.push({ type: "day", value: o.day === "2-digit" ? pad(day, 2)
        : String(day) });
      const yearPart = () => parts.push({ type: "year", value: o.year === "2-digit"
        ? pad(Math.abs(year) % 100, 2) : String(year > 0 ? year : 1 - year) });
      if (named) {
        monthPart();
        if (o.day) { lit(" "); dayPart(); }
        if (o.year) { lit(o.day ? ", " : " "); yearPart(); }
      } else {
        const fields = [];
        if (o.month) fields.push(monthPart);
        if (o.day) fields.push(dayPart);
        if (o.year) fields.push(yearPart);
        fields.forEach((f, i) => { if (i) lit("/"); f(); });
      }
      if (o.era) {
        lit(" ");
        parts.push({ type: "era", value: year > 0 ? "AD" : "BC" });
      }
      if (o.hour || o.minute || o.second) {
        if (parts.length) lit(", ");
        let hour = d.getUTCHours();
        const h12 = o.hour12;
        if (o.hour) {
          const shown = h12 ? (hour % 12 === 0 ? 12 : hour % 12) : hour;
          parts.push({ type: "hour", value: o.hour === "2-digit" || (!h12 && o.minute)
            ? pad(shown, 2) : String(shown) });
        }
        if (o.minute) {
          if (o.hour) lit(":");
          parts.push({ type: "minute", value: pad(d.getUTCMinutes(), 2) });
        }
        if (o.second) {
          if (o.hour || o.minute) lit(":");
          parts.push({ type: "second", value: pad(d.getUTCSeconds(), 2) });
        }
        if (o.hour && h12) {
          lit(" ");
          parts.push({ type: "dayPeriod", value: hour < 12 ? "AM" : "PM" });
        }
      }
      if (o.timeZoneName) {
        lit(" ");
        let name = "UTC";
        if (offset !== 0) {
          const sign = offset > 0 ? "+" : "-";
          const h = Math.floor(Math.abs(offset) / 60);
          const m = Math.abs(offset) % 60;
          name = "GMT" + sign + h + (m ? ":" + pad(m, 2) : "");
        }
        parts.push({ type: "timeZoneName", value: name });
      }
      return parts;
    }

    format(date) {
      return this.formatToParts(date).map((p) => p.value).join("");
    }
  }

  function group(digits) {
    return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  }

  class NumberFormat {
    constructor(locale, options) {
      this._o = Object.assign({}, options || {});
    }

    resolvedOptions() {
      return Object.assign({ locale: "en-US", numberingSystem: "latn" }, this._o);
    }

    format(value) {
      const o = this._o;
      let n = Number(value);
      if (Number.isNaN(n)) return "NaN";
      if (!Number.isFinite(n)) return (n < 0 ? "-" : "") + "∞";
      if (o.style === "percent") n *= 100;
      const currency = o.style === "currency";
      const minF = o.minimumFractionDigits ?? (currency ? 2 : 0);
      const maxF = Math.max(minF, o.maximumFractionDigits ?? (currency ? 2 : o.style === "percent"
        ? 0 : 3));
      let text = Math.abs(n).toFixed(maxF);
      if (text.includes(".")) {
        let [whole, frac] = text.split(".");
        while (frac.length > minF && frac.endsWith("0")) frac = frac.slice(0, -1);
        text = frac ? whole + "." + frac : whole;
      }
      let [whole, frac] = text.split(".");
      if (o.minimumIntegerDigits) whole = whole.padStart(o.minimumIntegerDigits, "0");
      if (o.useGrouping !== false) whole = group(whole);
      text = frac ? whole + "." + frac : whole;
      if (currency) text = (o.currency === "USD" || !o.currency ? "$" : o.currency + " ") + text;
      if (o.style === "percent") text += "%";
      return (n < 0 && Number(text.replace(/[^0-9.]/g, "")) !== 0 ? "-" : "") + text;
    }

    formatToParts(value) {
      return [{ type: "literal", value: this.format(value) }];
    }
  }

  const Intl = {
    DateTimeFormat,
    NumberFormat,
    getCanonicalLocales: (l) => (l === undefined ? [] : [].concat(l)),
  };
  Object.defineProperty(g, "Intl", { value: Intl, writable: false, configurable: false });

  Number.prototype.toLocaleString = function (locale, options) {
    return new NumberFormat(locale, options).format(this);
  };
  Date.prototype.toLocaleString = function (locale, options) {
    const o = Object.assign({ year: "numeric", month: "numeric", day: "numeric",
      hour: "numeric", minute: "2-digit", second: "2-digit" }, options || {});
    return new DateTimeFormat(locale, o).format(this);
  };
  Date.prototype.toLocaleDateString = function (locale, options) {
    return new DateTimeFormat(locale, options).format(this);
  };
  Date.prototype.toLocaleTimeString = function (locale, options) {
    const o = Object.assign({ hour: "numeric", minute: "2-digit", second: "2-digit" },
      options || {});
    return new DateTimeFormat(locale, o).format(this);
  };
})(globalThis);
