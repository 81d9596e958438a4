// The Keitaro node's shared request and answer code for n8n, generic over operations.
// Written once by kflow's authors; the operations it serves are data (SPEC), generated
// from kflow's descriptors, and no operation has code of its own here: buildRequest
// interprets every operation's declaration as kflow's operations/interpreter.py does, with
// the same kinds as operations/wire.py (WRITERS, WITH). It mirrors kflow's Python
// (operations/, handlers/urls.py, handlers/normalize.py), so both hosts send and output
// the same; tests/unit/nodes/keitaro/test_wire_differential.py compares them.

const ADMIN_PREFIX = '/admin_api/v1';
const STARS = '****';
const MIN_REVEAL_LENGTH = 16;
const WHOLE = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
const SEPARATORS = /[,\n]/;
const PAGE_SIZE = 1000;

function mask(secret) {
	const text = String(secret || '');
	return text.length < MIN_REVEAL_LENGTH ? STARS : STARS + text.slice(-4);
}

function fail(node, label, cause) {
	const error = new Error(`parameter "${label}": ${cause}`);
	error.description = `${node}: parameter "${label}": ${cause}`;
	return error;
}

function baseUrl(domain) {
	let text = String(domain || '').trim();
	if (!text) throw new Error('credentials keitaroApi: the tracker domain is empty');
	if (!text.includes('://')) text = 'https://' + text;
	const url = new URL(text);
	if (!['http:', 'https:'].includes(url.protocol)) {
		throw new Error('credentials keitaroApi: the tracker URL must use http or https');
	}
	let path = url.pathname.replace(/\/+$/, '');
	if (path.endsWith(ADMIN_PREFIX)) path = path.slice(0, -ADMIN_PREFIX.length).replace(/\/+$/, '');
	return `${url.protocol}//${url.host.toLowerCase()}${path}`;
}

// Python's urllib.parse.quote(safe='') and quote_plus, which kflow's URLs use.
function quote(text) {
	return encodeURIComponent(text).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}
function quotePlus(text) {
	return quote(text).replace(/%20/g, '+');
}
function segment(value) {
	const text = String(value);
	return text === '.' || text === '..' ? text.replace(/\./g, '%2E') : quote(text);
}
function queryString(query) {
	return Object.entries(query)
		.map(([key, value]) => `${quotePlus(key)}=${quotePlus(String(value))}`)
		.join('&');
}

function asJson(value) {
	if (typeof value !== 'string') return value;
	try {
		return JSON.parse(value);
	} catch (error) {
		throw new Error(`is not valid JSON: ${error.message}`);
	}
}

function parts(value) {
	if (Array.isArray(value)) return value.map((v) => String(v).trim()).filter((v) => v);
	const text = value === null || value === undefined ? '' : String(value).trim();
	if (text.startsWith('[')) {
		const parsed = asJson(text);
		if (Array.isArray(parsed)) return parts(parsed);
	}
	return text.split(SEPARATORS).map((v) => v.trim()).filter((v) => v);
}

function whole(value) {
	if (typeof value === 'boolean') throw new Error('must be a whole number, not true/false');
	if (typeof value === 'number' && Number.isInteger(value)) return value;
	if (typeof value === 'string' && WHOLE.test(value.trim())) return parseInt(value.trim(), 10);
	throw new Error(`${JSON.stringify(value)} is not a whole number`);
}

function decimal(value) {
	if (typeof value === 'boolean') throw new Error('a boolean is not an amount');
	if (typeof value === 'number') {
		if (!Number.isFinite(value)) throw new Error('not a finite number');
		return value;
	}
	if (typeof value === 'string' && DECIMAL.test(value.trim())) return Number(value.trim());
	throw new Error(`${JSON.stringify(value)} is not a decimal number`);
}

const WRITERS = {
	string: (v) => {
		if (v !== null && typeof v === 'object') throw new Error('must be text, not an object or a list');
		return v === null || v === undefined ? '' : String(v);
	},
	int: whole,
	id_text: (v) => String(whole(v)),
	number: decimal,
	money: decimal,
	bool: (v) => {
		if (typeof v === 'boolean') return v;
		const text = String(v).trim().toLowerCase();
		if (['true', '1', 'yes'].includes(text)) return true;
		if (['false', '0', 'no', ''].includes(text)) return false;
		throw new Error(`${JSON.stringify(v)} is not true or false`);
	},
	object: (v) => {
		const parsed = asJson(v);
		if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
			throw new Error('must be a JSON object');
		}
		return parsed;
	},
	array: (v) => {
		const parsed = asJson(v);
		if (!Array.isArray(parsed)) throw new Error('must be a JSON array');
		return parsed;
	},
	strings: parts,
	int_list: (v) => parts(v).map(whole),
	lines: (v) => parts(v).join('\n'),
	trimmed: (v) => WRITERS.string(v).trim(),
	subid: (v) => {
		const subid = String(v || '').trim();
		if (!subid) throw new Error("is required: the click's subid");
		if ([...subid].some((c) => c.charCodeAt(0) < 32)) throw new Error('contains control characters');
		return subid;
	},
	sub_id_map: (v) => {
		const values = asJson(v);
		if (!values || typeof values !== 'object' || Array.isArray(values) || !Object.keys(values).length) {
			throw new Error('must be a JSON object such as {"sub_id_4": "x"}');
		}
		const unknown = Object.keys(values).filter((name) => !SUB_ID.test(name)).sort();
		if (unknown.length) throw new Error(`${JSON.stringify(unknown[0])} is not sub_id_1…sub_id_30`);
		const written = {};
		for (const [name, text] of Object.entries(values)) {
			if ((text !== null && typeof text === 'object') || typeof text === 'boolean') {
				throw new Error(`${name}: give text or a number`);
			}
			written[name] = text === null || text === undefined ? '' : String(text);
		}
		return written;
	},
	lower: (v) => String(v || '').trim().toLowerCase(),
	amount: amountText,
	campaign_id: (v) => {
		const number = Number(String(v).trim());
		if (!Number.isInteger(number)) throw new Error(`${JSON.stringify(v)} is not a campaign ID (a whole number)`);
		if (number < 1) throw new Error("is required: give the campaign's ID (1 or more)");
		return number;
	},
	labelled_values: (v) => {
		const values = String(v || '').replace(/\n/g, ',').split(',').map((p) => p.trim()).filter((p) => p);
		if (!values.length) throw new Error('give one or more values to label');
		return values;
	},
	timezone: (v) => timezoneName(v),
	nonnegative: (v) => {
		let amount;
		try {
			amount = amountText(v);
		} catch (error) {
			amount = '-';
		}
		if (amount.startsWith('-')) throw new Error('must be a number ≥ 0');
		return amount;
	},
	currency: (v) => {
		const code = String(v || '').trim().toUpperCase();
		if (!code) throw new Error('is required, e.g. USD');
		if (!/^[A-Z]{3}$/.test(code)) throw new Error(`${JSON.stringify(code)} is not a currency code such as USD`);
		return code;
	},
	truthy: (v) => Boolean(v),
	cost_filters: (v) => costFilters(v, 'filters'),
	id_list: (v) => {
		const parts = String(v || '').replace(/;/g, ',').split(',').map((p) => p.trim()).filter((p) => p);
		if (!parts.length) throw new Error('is required: give one or more campaign IDs');
		const bad = parts.filter((p) => !/^\d+$/.test(p) || Number(p) < 1);
		if (bad.length) throw new Error(`${JSON.stringify(bad[0])} is not a campaign ID`);
		return parts.map(Number);
	},
	flag: (v) => (v ? 1 : 0),
	raw: (v) => v,
	choices: (v) => {
		const chosen = v || [];
		if (!chosen.length) throw new Error('choose at least one column');
		return chosen;
	},
	filters: (v) => filterRows(v),
	sort: (v) => ((v || {}).rule || []).map((r) => ({ name: r.name, order: r.order })),
	measures: (v) => [...(v || [])],
	postback_sub_ids: (v) => {
		if (v === null || v === undefined || v === '' ||
			(typeof v === 'object' && !Array.isArray(v) && !Object.keys(v).length)) return {};
		let parsed;
		try {
			parsed = asJson(v);
		} catch (error) {
			throw new Error(`subIds: ${error.message}`);
		}
		if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('subIds must be a JSON object');
		const unknown = Object.keys(parsed).filter((name) => !SUB_ID.test(name)).sort();
		if (unknown.length) throw new Error(`subIds: ${JSON.stringify(unknown[0])} is not sub_id_1…30`);
		return Object.fromEntries(Object.entries(parsed).map(([k, x]) => [k, String(x)]));
	},
	postback_key: (v) => {
		const key = String(v || '');
		if (!key) throw new Error('is not set: give it here or in the keitaroApi credential');
		return key;
	},
};
// The click update's fields: n8n checks less than kflow's validation (a subid is text, the
// click data a JSON object).
WRITERS.click_id = WRITERS.string;
WRITERS.click_data = WRITERS.object;

function write(field, value, node, label, used = []) {
	try {
		const wired = WITH[field.kind] ? WITH[field.kind](value, ...used) : WRITERS[field.kind](value);
		if (field.options.length && !field.options.includes(wired)) {
			throw new Error(`${JSON.stringify(wired)} is not one of: ${field.options.join(', ')}`);
		}
		return wired;
	} catch (error) {
		throw fail(node, error.label || label || field.label, error.message);
	}
}

// A kind's refusal that names another parameter than the field's own.
function fieldError(label, cause) {
	return Object.assign(new Error(cause), { label });
}

function isBlank(value) {
	return value === null || value === undefined || (Array.isArray(value) && !value.length) ||
		(typeof value === 'string' && !value.trim());
}

function readLimit(ctx, node) {
	if (ctx.getNodeParameter('returnAll', false)) return null;
	const limit = ctx.getNodeParameter('limit', 50);
	if (typeof limit !== 'number' || limit < 1) throw fail(node, 'Лимит', `${limit} must be a whole number of 1 or more`);
	return Math.floor(limit);
}

const REASONS = {
	400: 'Bad Request', 401: 'Unauthorized', 402: 'Payment Required', 403: 'Forbidden',
	404: 'Not Found', 405: 'Method Not Allowed', 406: 'Not Acceptable', 408: 'Request Timeout',
	409: 'Conflict', 413: 'Content Too Large', 422: 'Unprocessable Content',
	429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway',
	503: 'Service Unavailable', 504: 'Gateway Timeout',
};

// Keitaro's own error text: {"error": …}, {"message": …}, or 406 {field: [messages]}.
function keitaroMessage(body) {
	if (body && typeof body === 'object' && !Array.isArray(body)) {
		for (const key of ['error', 'message']) {
			const value = body[key];
			if (typeof value === 'string' && value) return value;
			if (value && typeof value === 'object' && typeof value.message === 'string') return value.message;
		}
		const fields = Object.entries(body).map(([k, v]) => `${k}: ${(Array.isArray(v) ? v : [v]).map(String).join(', ')}`);
		if (fields.length) return fields.join('; ');
	}
	if (typeof body === 'string' && body) return body;
	return null;
}

const STATUSES = ['lead', 'sale', 'rejected', 'rebill'];
const SUB_ID = /^sub_id_([1-9]|[12][0-9]|30)$/;

// Python's money_text: exact decimal text, no exponent, no trailing zeros after the point.
function amountText(value) {
	let text;
	if (typeof value === 'number' && Number.isFinite(value)) {
		text = String(value);
		if (/e/i.test(text)) text = value.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 });
	} else if (typeof value === 'string' && DECIMAL.test(value.trim())) {
		text = value.trim();
	} else {
		throw new Error(`${JSON.stringify(value)} is not an amount (a number ≥ 0)`);
	}
	let sign = '';
	if (text[0] === '+' || text[0] === '-') {
		sign = text[0] === '-' ? '-' : '';
		text = text.slice(1);
	}
	let [whole, fraction = ''] = text.split('.');
	whole = whole.replace(/^0+/, '') || '0';
	fraction = fraction.replace(/0+$/, '');
	const amount = fraction ? `${whole}.${fraction}` : whole;
	if (sign && amount !== '0') throw new Error(`${JSON.stringify(value)} is not an amount (a number ≥ 0)`);
	return amount;
}

// Dates, as kflow's handlers/dates.py reads and writes them.
const NO_VALUE_OPERATORS = ['IS_SET', 'IS_NOT_SET', 'IS_TRUE', 'IS_FALSE'];
const LIST_OPERATORS = ['IN_LIST', 'NOT_IN_LIST', 'BETWEEN'];
const MOMENT = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const pad = (n) => String(n).padStart(2, '0');

function timezoneName(value) {
	const name = String(value || 'UTC').trim() || 'UTC';
	try {
		new Intl.DateTimeFormat('en-US', { timeZone: name });
	} catch (error) {
		throw new Error(`${JSON.stringify(name)} is not an IANA time zone such as Europe/Moscow or UTC`);
	}
	return name;
}

// [year, month, day, hour, minute, second] wall time in `timezone`, and whether a time was given.
function parseMoment(value, timezone) {
	const text = String(value || '').trim();
	if (!text) throw new Error('is empty: give an ISO date such as 2026-11-01');
	if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return [text.split('-').map(Number).concat([0, 0, 0]), false];
	const match = MOMENT.exec(text);
	if (!match) throw new Error(`${JSON.stringify(text)} is not an ISO date or date-time (2026-11-01 or 2026-11-01T10:30)`);
	const fields = match.slice(1, 7).map((v) => Number(v || 0));
	if (!match[7]) return [fields, true];
	const offset = match[7] === 'Z' ? 'Z' : match[7].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
	const instant = new Date(`${match.slice(1, 4).join('-')}T${pad(fields[3])}:${pad(fields[4])}:${pad(fields[5])}${offset}`);
	const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', {
		timeZone: timezone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
		hour: '2-digit', minute: '2-digit', second: '2-digit',
	}).formatToParts(instant).map((p) => [p.type, p.value]));
	return [[parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second].map(Number), true];
}

function rangeBound(value, timezone) {
	const [[y, mo, d, h, mi, se], hasTime] = parseMoment(value, timezone);
	const day = `${y}-${pad(mo)}-${pad(d)}`;
	return hasTime ? `${day} ${pad(h)}:${pad(mi)}:${pad(se)}` : day;
}

function costBound(value, timezone, end) {
	let [[y, mo, d, h, mi], hasTime] = parseMoment(value, timezone);
	if (!hasTime && end) [h, mi] = [23, 59];
	return `${y}-${pad(mo)}-${pad(d)} ${pad(h)}:${pad(mi)}`;
}

// Kinds that also take the wire values of the field's `uses` (time zone, currency).
const WITH = {
	postback_status: (value, lead, sale, rejected) => {
		const status = String(value || 'sale').trim();
		const mapped = new Set([lead, sale, rejected].flatMap((given) => String(given || '').split(',')).filter((s) => s.trim()));
		if (!STATUSES.includes(status) && !mapped.has(status)) {
			throw new Error(`${JSON.stringify(status)} is not lead, sale, rejected or rebill, and no status mapping names it`);
		}
		return status;
	},
	range: (interval, zone, dateFrom, dateTo) => {
		if (interval !== 'custom') return { interval, timezone: zone };
		const bounds = {};
		for (const [value, label, key] of [[dateFrom, 'С', 'from'], [dateTo, 'По', 'to']]) {
			try {
				bounds[key] = rangeBound(value, zone);
			} catch (error) {
				throw fieldError(label, error.message);
			}
		}
		if (bounds.from > bounds.to) throw fieldError('По', `ends (${bounds.to}) before the start (${bounds.from})`);
		return { from: bounds.from, to: bounds.to, timezone: zone };
	},
	report_sort: (value, dimensions, measures) => {
		const sort = WRITERS.sort(value);
		const named = [...(dimensions || []), ...(measures || [])];
		for (const rule of sort) {
			if (!named.includes(rule.name)) throw new Error(`${JSON.stringify(rule.name)} is not one of the report's dimensions or measures`);
		}
		return sort;
	},
	dimensions: (value, measures) => {
		if (!(value && value.length) && !(measures && measures.length)) throw fieldError('Метрики', 'choose at least one dimension or measure');
		return [...(value || [])];
	},
	period_start: (value, zone) => costBound(value, zone, false),
	period_end: (value, zone) => costBound(value, zone, true),
	cost_entries: (value, zone, currency) => {
		const entries = (value && typeof value === 'object' && value.cost) || [];
		if (!entries.length) throw new Error('add at least one cost entry');
		return entries.map((entry, index) => {
			const where = `entry ${index + 1}`;
			let start, end;
			try {
				start = costBound(entry.dateFrom, zone, false);
				end = costBound(entry.dateTo, zone, true);
			} catch (error) {
				throw new Error(`${where}: ${error.message}`);
			}
			if (start > end) throw new Error(`${where}: ends before it starts`);
			let cost;
			try {
				cost = amountText(entry.cost);
			} catch (error) {
				cost = '-';
			}
			if (cost.startsWith('-')) throw new Error(`${where}: cost must be a number ≥ 0`);
			const item = { start_date: start, end_date: end, cost, timezone: zone, currency };
			const filters = costFilters(entry.filters, where);
			if (filters) item.filters = filters;
			return item;
		});
	},
};

function listValue(value) {
	if (Array.isArray(value)) return value;
	const text = String(value || '').trim();
	if (text.startsWith('[')) {
		try {
			const parsed = JSON.parse(text);
			if (Array.isArray(parsed)) return parsed;
		} catch (error) {
			// not JSON: read it as a comma-separated list
		}
	}
	return text.split(',').map((p) => p.trim()).filter((p) => p);
}

function filterRows(value) {
	const rows = (value || {}).filter || [];
	return rows.map((row, index) => {
		const operator = row.operator;
		const given = row.value === undefined ? '' : row.value;
		const entry = { name: row.name, operator };
		if (LIST_OPERATORS.includes(operator)) {
			const items = listValue(given);
			if (operator === 'BETWEEN' && items.length !== 2) throw new Error(`filter ${index + 1}: BETWEEN takes two values, e.g. 1,5`);
			entry.expression = items;
		} else if (!NO_VALUE_OPERATORS.includes(operator)) {
			if ((given === null || given === '') && !['EQUALS', 'NOT_EQUAL'].includes(operator)) {
				throw new Error(`filter ${index + 1}: ${operator} needs a value`);
			}
			entry.expression = given;
		}
		return entry;
	});
}

const COST_FILTER_FIELDS = new Set(['keyword', 'source', 'external_id', 'creative_id', 'ad_campaign_id']
	.concat(Array.from({ length: 30 }, (_, i) => `sub_id_${i + 1}`)));

// A cost entry's filters as {field: "a,b"}; null when empty. Errors start with `where`.
function costFilters(value, where) {
	if (value === null || value === undefined || value === '' ||
		(typeof value === 'object' && !Object.keys(value).length)) return null;
	let parsed;
	try {
		parsed = asJson(value);
	} catch (error) {
		throw new Error(`${where}: ${error.message}`);
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`${where}: filters must be a JSON object`);
	const unknown = Object.keys(parsed).filter((k) => !COST_FILTER_FIELDS.has(k)).sort();
	if (unknown.length) throw new Error(`${where}: cannot filter costs by ${JSON.stringify(unknown[0])}`);
	return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, Array.isArray(v) ? v.map(String).join(',') : String(v)]));
}

const COLLECTION_LABELS = { additionalFields: 'Дополнительные поля', updateFields: 'Поля для обновления' };

// A parameter; `collection.field` reads one field of a collection.
function nodeParameter(ctx, name, fallback) {
	const dot = name.indexOf('.');
	if (dot < 0) return ctx.getNodeParameter(name, fallback);
	const given = ctx.getNodeParameter(name.slice(0, dot), {});
	const value = given && typeof given === 'object' ? given[name.slice(dot + 1)] : undefined;
	return value === undefined ? fallback : value;
}

// A field's parameter; an empty one falls back to the credential's field when it names one.
function param(ctx, field, credentials, fallback) {
	const value = nodeParameter(ctx, field.name, fallback);
	return !value && field.fallback ? credentials[field.fallback] : value;
}

// The field's key on the wire: its own, or the one an option renames it to.
function keyOf(ctx, field) {
	if (!field.renamed) return field.key;
	const [option, value, key] = field.renamed;
	return (ctx.getNodeParameter('options', {}) || {})[option] === value ? key : field.key;
}

// Whether a value means "not given" for a field with omitWhen (compared as JSON, so {} is {}).
function omitted(field, value) {
	const text = value === undefined ? 'null' : JSON.stringify(value);
	return field.omitWhen.some((v) => JSON.stringify(v) === text);
}

// The one interpreter of the operations' declarations (SPEC), as kflow's
// operations/interpreter.py reads them: path, query (fixed, required, optional), body.
function buildRequest(ctx, spec, node, credentials = {}) {
	const secrets = [];
	const read = (field) => {
		const used = (field.uses || []).map(read);
		const value = write(field, param(ctx, field, credentials, ''), node, undefined, used);
		if (field.secret) secrets.push(String(value || ''));
		if (!field.pairs) return value;
		const paired = ctx.getNodeParameter(field.pairs, '');
		return Object.fromEntries(value.map((part) => [part, paired]));
	};
	const readPath = () => spec.path.replace(/\{([^}]+)\}/g, (_, name) => {
		const field = spec.ids[name];
		const value = read(field);
		if (typeof value === 'number' && value < 1) throw fail(node, field.label, 'is required: give an ID of 1 or more');
		return segment(value);
	});
	const fields = [...Object.values(spec.ids), ...spec.query, ...spec.queryOptional, ...spec.required]
		.concat(spec.rawBody ? [spec.rawBody] : []);
	for (const name of spec.readFirst || []) {
		const field = fields.find((f) => f.name === name);
		const value = read(field);
		if (!field.allowEmpty && isBlank(value)) throw fail(node, field.label, 'is required');
	}
	if (['list', 'pages', 'rows'].includes(spec.answer)) readLimit(ctx, node);
	// The tracker's URL is read last: its key after the item's values.
	let path = spec.api === 'tracker' ? null : readPath();
	const query = { ...(spec.fixedQuery || {}) };
	for (const field of spec.query) {
		const value = read(field);
		if (isBlank(value)) throw fail(node, field.label, 'is required');
		if (field.spread) Object.assign(query, value);
		else query[field.key] = value;
	}
	for (const field of spec.queryOptional) {
		const given = nodeParameter(ctx, field.name, '');
		if (given === null || given === undefined || given === '') continue;
		const value = read(field);
		if (value === null || value === undefined || value === '') continue;
		if (field.spread) Object.assign(query, value);
		else query[field.key] = value;
	}
	// As kflow's URLs: empty values are left out of the query.
	for (const [key, value] of Object.entries(query)) {
		if (value === null || value === undefined || value === '') delete query[key];
	}
	let body;
	if (spec.rawBody) {
		body = read(spec.rawBody);
	} else if (spec.required.length || spec.optional.length) {
		body = {};
		for (const field of spec.required) {
			if (field.omitWhen) {
				if (omitted(field, ctx.getNodeParameter(field.name, null))) continue;
				const value = read(field);
				if (omitted(field, value)) continue;
				body[field.key] = value;
			} else {
				const value = read(field);
				if (!field.allowEmpty && isBlank(value)) throw fail(node, field.label, 'is required');
				body[keyOf(ctx, field)] = value;
			}
			for (const rule of spec.ordered || []) {
				if (rule.then === field.key && body[rule.first] > body[field.key]) throw fail(node, rule.label, rule.cause);
			}
		}
		if (spec.optional.length) {
			const label = COLLECTION_LABELS[spec.collection];
			const given = ctx.getNodeParameter(spec.collection, {}) || {};
			for (const [name, value] of Object.entries(given)) {
				const field = spec.optional.find((f) => f.name === name);
				if (!field) throw fail(node, label, `unknown field ${JSON.stringify(name)}`);
				body[field.key] = write(field, value, node, `${label} › ${field.label}`);
			}
			if (spec.collection === 'updateFields' && !Object.keys(body).length) {
				throw fail(node, label, 'add at least one field to change');
			}
		}
	}
	if (path === null) path = readPath();
	return { path, query, body, secrets };
}

function normalizer(fields) {
	const ids = new Set(fields.ids);
	const numbers = new Set(fields.numbers);
	const jsons = new Set(fields.jsons);
	function integer(value) {
		if (value === '') return null;
		if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return parseInt(value, 10);
		return value;
	}
	function number(value) {
		if (typeof value !== 'string' || !value.trim() || isNaN(Number(value))) return value;
		return Number(value);
	}
	function json(value) {
		for (let i = 0; i < 2; i++) {
			if (typeof value !== 'string' || !['{', '[', '"'].includes(value.trim().slice(0, 1))) return value;
			try {
				value = JSON.parse(value);
			} catch (error) {
				return value;
			}
		}
		return value;
	}
	function normalize(value) {
		if (Array.isArray(value)) return value.map(normalize);
		if (value === null || typeof value !== 'object') return value;
		const out = {};
		for (const [key, item] of Object.entries(value)) {
			if (item !== null && typeof item === 'object') out[key] = normalize(item);
			else if (ids.has(key)) out[key] = integer(item);
			else if (numbers.has(key)) out[key] = number(item);
			else if (jsons.has(key)) out[key] = json(item);
			else out[key] = item;
		}
		return out;
	}
	return normalize;
}

// Downloads, as kflow's handlers/files.py reads them: the file name (a UTF-8 filename*
// before a plain filename), the MIME type (a generic one on a zip is application/zip).
const GENERIC_TYPES = ['', 'application/octet-stream', 'binary/octet-stream', 'application/x-download'];
const FILE_ACCEPT = '*/*';
// The tracker's own URLs (postback, sub ID update) answer plain text and take no API key.
const TRACKER_HEADERS = { Accept: '*/*' };

function header(headers, name) {
	const key = Object.keys(headers || {}).find((k) => k.toLowerCase() === name);
	const value = key === undefined ? '' : headers[key];
	return Array.isArray(value) ? value.join(', ') : String(value || '');
}

function isZip(buffer) {
	const head = buffer.subarray(0, 4).toString('latin1');
	return head === 'PK\x03\x04' || head === 'PK\x05\x06';
}

function fileName(headers, fallback) {
	const params = {};
	const pattern = /;\s*([A-Za-z*]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)/g;
	for (const match of header(headers, 'content-disposition').matchAll(pattern)) {
		params[match[1].toLowerCase()] = match[2].trim();
	}
	let given = '';
	const extended = params['filename*'] || '';
	if (extended.toLowerCase().startsWith("utf-8'")) {
		const encoded = extended.split("'").slice(2).join("'");
		try {
			given = decodeURIComponent(encoded);
		} catch (error) {
			given = encoded;
		}
	}
	if (!given) {
		const plain = params.filename || '';
		given = plain.startsWith('"') ? plain.slice(1, -1).replace(/\\(.)/g, '$1') : plain;
	}
	const parts_ = given.replace(/\\/g, '/').split('/');
	const name = parts_[parts_.length - 1].replace(/[\x00-\x1f\x7f]/g, '_').trim();
	return name.replace(/[. ]/g, '') ? name : fallback;
}

function mimeType(headers, buffer) {
	const given = header(headers, 'content-type').split(';')[0].trim().toLowerCase();
	if (GENERIC_TYPES.includes(given) && isZip(buffer)) return 'application/zip';
	return given || 'application/octet-stream';
}

// What kflow's handlers/responses.py advises when Keitaro's answer carries no message.
const ADVICE = {
	401: "the API key was refused: check the credential's API key",
	402: "this tracker's edition has no Admin API",
	403: 'this API key may not do that',
	404: 'not found',
	406: 'the tracker rejected the data',
	429: 'the tracker is rate limiting requests',
};
const HTML_ADVICE = "the answer is an HTML page, not JSON: check that the domain is the tracker's " +
	'admin panel (not a traffic-only domain)';

function httpError(status, answer, parsed, spec, shownPath, text) {
	const message = parsed ? keitaroMessage(answer) : null;
	const head = `Keitaro answered ${status} ${REASONS[status] || 'HTTP error'} to ${spec.method} ${shownPath}`;
	const error = new Error(message ? `${head}: ${message}` : head);
	error.httpCode = String(status);
	if (!message) {
		const html = String(text || '').trimStart().startsWith('<');
		const description = html ? HTML_ADVICE : ADVICE[status];
		if (description) error.description = description;
	}
	return error;
}

// n8n's HTTP helper failed without an answer: say so as kflow's transport does.
const TIMEOUT_CODES = ['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT'];
const CONNECT_REASONS = {
	ECONNREFUSED: 'connection refused', ENOTFOUND: 'no such host', EAI_AGAIN: 'name lookup failed',
	EHOSTUNREACH: 'host unreachable', ENETUNREACH: 'network unreachable',
};

function transportError(error, spec, shownPath, options) {
	const cause = error && error.cause instanceof Error ? error.cause : error;
	const code = String((cause && cause.code) || '');
	if (!code || (cause && cause.response)) return error;
	let reason;
	if (TIMEOUT_CODES.includes(code) || /timeout/i.test(String(cause.message))) {
		reason = `no answer within ${(options.timeout || 0) / 1000} s`;
	} else if (CONNECT_REASONS[code]) {
		const url = new URL(options.url, options.baseURL);
		const port = url.port || (url.protocol === 'https:' ? '443' : '80');
		reason = `cannot connect to ${url.hostname}:${port} (${CONNECT_REASONS[code]})`;
	} else if (code === 'ECONNRESET') {
		reason = 'the server closed the connection without answering';
	} else {
		reason = `connection failed: ${code}`;
	}
	return new Error(`could not reach the tracker for ${spec.method} ${shownPath}: ${reason}`);
}

function makeRuntime(SPEC, NORMALIZE) {
	const normalize = normalizer(NORMALIZE);

	function specOf(ctx) {
		const resource = ctx.getNodeParameter('resource');
		const operation = ctx.getNodeParameter('operation');
		return { resource, operation, spec: SPEC[resource][operation] };
	}

	async function preSend(requestOptions) {
		const node = this.getNode().name;
		const { spec } = specOf(this);
		const credentials = await this.getCredentials('keitaroApi');
		const { path, query, body, secrets: pathSecrets = [] } = buildRequest(this, spec, node, credentials);
		const shownQuery = { ...query };

		const secrets = [...spec.query, ...spec.queryOptional].filter((f) => f.secret)
			.map((f) => String(query[f.key] || '')).concat(pathSecrets);
		const root = baseUrl(credentials.domain) + (spec.api === 'tracker' ? '' : ADMIN_PREFIX);
		requestOptions.baseURL = root;
		requestOptions.url = path;
		requestOptions.method = spec.method;
		requestOptions.qs = query;
		// Non-2xx answers come to postReceive, which raises them with Keitaro's own text.
		requestOptions.ignoreHttpStatusErrors = true;
		if (body !== undefined) {
			requestOptions.body = body;
			requestOptions.json = true;
		} else {
			delete requestOptions.body;
		}
		if (spec.answer === 'binary') {
			// The zip comes back as raw bytes; JSON errors are read from them in postReceive.
			requestOptions.encoding = 'arraybuffer';
			requestOptions.json = false;
			requestOptions.headers = { ...(requestOptions.headers || {}), Accept: FILE_ACCEPT };
		}
		if (spec.api === 'tracker') requestOptions.headers = { ...TRACKER_HEADERS };
		let shown = root + path + (Object.keys(shownQuery).length ? '?' + queryString(shownQuery) : '');
		for (const secret of secrets) {
			if (secret) shown = shown.split(quotePlus(secret)).join(mask(secret)).split(secret).join(mask(secret));
		}
		const headers = spec.api === 'tracker' ? { ...TRACKER_HEADERS } : {};
		if (spec.api !== 'tracker') {
			headers.Accept = spec.answer === 'binary' ? FILE_ACCEPT : 'application/json';
			if (body !== undefined) headers['Content-Type'] = 'application/json';
			headers['Api-Key'] = mask(credentials.apiKey);
		}
		const pathShown = shown.slice(root.length - (spec.api === 'tracker' ? 0 : ADMIN_PREFIX.length));
		this.__keitaroRequest = { url: shown, method: spec.method, headers, path: pathShown };
		return requestOptions;
	}

	async function postReceive(items, response) {
		const { resource, operation, spec } = specOf(this);
		const { path: shownPath, ...request } = this.__keitaroRequest;
		const envelope = { request, resource, operation };
		if (spec.answer === 'binary') return await fileItems(this, response, envelope, spec, shownPath);
		let answer = response.body;
		const text = typeof answer === 'string' ? answer : '';
		let parsed = true;
		if (typeof answer === 'string' && answer.trim()) {
			try {
				answer = JSON.parse(answer);
			} catch (error) {
				parsed = false;
			}
		}
		const status = response.statusCode;
		if (status < 200 || status >= 300) throw httpError(status, answer, parsed, spec, shownPath, text);
		if (spec.api === 'tracker') {
			const body = typeof response.body === 'string' ? response.body
				: response.body === null || response.body === undefined ? '' : JSON.stringify(response.body);
			return [{ json: { ...envelope, success: true, data: { status, body } } }];
		}
		if (!parsed) {
			const error = new Error(`the tracker answered ${spec.method} ${shownPath} with something that is not JSON`);
			error.description = "check that the domain is the tracker's admin panel";
			throw error;
		}
		if (answer === '' || answer === undefined) answer = null;
		if (spec.unwrap && answer && typeof answer === 'object' && spec.unwrap in answer) answer = answer[spec.unwrap];
		answer = normalize(answer);
		let values;
		if (spec.answer === 'rows' || spec.answer === 'pages') {
			// One page: paginate() gathers the pages and shapes the output.
			if (spec.answer === 'rows' && (!answer || typeof answer !== 'object' || !Array.isArray(answer.rows))) {
				throw new Error(`the tracker answered ${spec.method} ${shownPath} with something other than an object with rows`);
			}
			if (spec.answer === 'pages' && !Array.isArray(answer)) {
				throw new Error(`the tracker answered ${spec.method} ${shownPath} with something other than an array`);
			}
			const rows = spec.answer === 'rows' ? answer.rows : answer;
			const total = spec.answer === 'rows' && /^\d+$/.test(String(answer.total)) ? Number(answer.total) : null;
			this.__keitaroPage = { rows, total };
			return [];
		} else if (spec.answer === 'list') {
			if (!Array.isArray(answer)) throw new Error(`the tracker answered ${spec.method} ${spec.path} with something other than an array`);
			const limit = readLimit(this, this.getNode().name);
			const rows = limit === null ? answer : answer.slice(0, limit);
			const options = this.getNodeParameter('options', {}) || {};
			values = options.splitIntoItems === false ? [{ rows, total: answer.length }] : rows;
		} else {
			if (spec.answer === 'first' && Array.isArray(answer) && answer.length === 1) answer = answer[0];
			values = [answer];
		}
		return values.map((data) => ({ json: { ...envelope, success: true, data } }));
	}

	// A download: one item holding the zip as binary data in the chosen field.
	async function fileItems(ctx, response, envelope, spec, shownPath) {
		const raw = response.body;
		const buffer = Buffer.isBuffer(raw) ? raw
			: raw instanceof ArrayBuffer || ArrayBuffer.isView(raw) ? Buffer.from(raw)
				: Buffer.from(typeof raw === 'string' ? raw : JSON.stringify(raw === undefined ? '' : raw), 'utf8');
		const status = response.statusCode;
		if (status < 200 || status >= 300) {
			const text = buffer.toString('utf8');
			let answer = text;
			let parsed = true;
			try {
				answer = text ? JSON.parse(text) : null;
			} catch (error) {
				parsed = false;
			}
			throw httpError(status, answer, parsed, spec, shownPath, text);
		}
		if (!isZip(buffer)) {
			throw new Error(`the tracker answered ${spec.method} ${shownPath} with something that is not a zip archive`);
		}
		const node = ctx.getNode().name;
		const property = ctx.getNodeParameter('binaryPropertyName', 'data');
		if (typeof property !== 'string' || !property.trim() || /[\x00-\x1f\x7f]/.test(property)) {
			throw fail(node, 'Поле для файла', 'give the name of a binary field, such as data');
		}
		const field = spec.ids.id;
		const id = write(field, ctx.getNodeParameter(field.name, ''), node);
		const name = fileName(response.headers, spec.fallbackName.replace('{id}', String(id)));
		const mime = mimeType(response.headers, buffer);
		const binary = await ctx.helpers.prepareBinaryData(buffer, name, mime);
		const data = { fileName: name, mimeType: mime, size: buffer.length };
		return [{ json: { ...envelope, success: true, data }, binary: { [property.trim()]: binary } }];
	}

	// Every operation's request goes through here (n8n's pagination hook), so that a request
	// without an answer fails as in kflow, and the tracker's own URLs go without the API key.
	async function send(requestData) {
		const { spec } = specOf(this);
		try {
			if (spec.answer === 'rows' || spec.answer === 'pages') return await paginate.call(this, requestData);
			if (spec.api !== 'tracker') return await this.makeRoutingRequest(requestData);
			const response = await this.helpers.httpRequest({ ...requestData.options, returnFullResponse: true });
			return await postReceive.call(this, [], response);
		} catch (error) {
			throw transportError(error, spec, this.__keitaroRequest.path, requestData.options);
		}
	}

	// Pages of report and log rows, as kflow's execution._paged asks them: up to 1,000 rows a
	// page, until the limit, the total or a short page; the same page twice is an error.
	async function paginate(requestData) {
		const node = this.getNode().name;
		const { resource, operation, spec } = specOf(this);
		const limit = readLimit(this, node);
		const rows = [];
		let total = null;
		let previous = null;
		while (limit === null || rows.length < limit) {
			const want = limit === null ? PAGE_SIZE : Math.min(PAGE_SIZE, limit - rows.length);
			const where = spec.answer === 'rows' ? 'body' : 'qs';
			requestData.options[where] = { ...requestData.options[where], limit: want, offset: rows.length };
			await this.makeRoutingRequest(requestData);
			const page = this.__keitaroPage;
			if (page.rows.length && JSON.stringify(page.rows) === previous) {
				throw new Error(`the tracker returned the same page twice at offset ${rows.length}; stopping so as not to loop (it seems to ignore offset)`);
			}
			previous = JSON.stringify(page.rows);
			rows.push(...page.rows);
			if (page.total !== null) total = page.total;
			if (page.rows.length < want || (total !== null && rows.length >= total)) break;
		}
		const { path: _, ...request } = this.__keitaroRequest;
		const envelope = { request, resource, operation };
		const options = this.getNodeParameter('options', {}) || {};
		const normalized = normalize(rows);
		const values = options.splitIntoItems === false
			? [{ rows: normalized, total: total === null ? rows.length : total }] : normalized;
		return values.map((data) => ({ json: { ...envelope, success: true, data } }));
	}

	return { paginate, preSend, postReceive, send };
}

module.exports = { buildRequest, fileName, makeRuntime, mimeType };
