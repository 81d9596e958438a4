// The Keitaro node's shared request and answer code for n8n, generic over operations.
// Written once by kflow's authors; the operations it serves are data (SPEC), generated
// from kflow's descriptors. It mirrors kflow's Python (nodes/keitaro/operations/wire.py,
// handlers/urls.py, handlers/normalize.py), so both hosts send and output the same.

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
};

function write(field, value, node, label) {
	try {
		const wired = WRITERS[field.kind](value);
		if (field.options.length && !field.options.includes(wired)) {
			throw new Error(`${JSON.stringify(wired)} is not one of: ${field.options.join(', ')}`);
		}
		return wired;
	} catch (error) {
		throw fail(node, label || field.label, error.message);
	}
}

function isBlank(value) {
	return value === null || value === undefined || (Array.isArray(value) && !value.length) ||
		(typeof value === 'string' && !value.trim());
}

function required(ctx, field, node) {
	const value = write(field, ctx.getNodeParameter(field.name, ''), node);
	if (isBlank(value)) throw fail(node, field.label, 'is required');
	return value;
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
function moneyText(value, node, label) {
	let text;
	if (typeof value === 'number' && Number.isFinite(value)) {
		text = String(value);
		if (/e/i.test(text)) text = value.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 });
	} else if (typeof value === 'string' && DECIMAL.test(value.trim())) {
		text = value.trim();
	} else {
		throw fail(node, label, `${JSON.stringify(value)} is not an amount (a number ≥ 0)`);
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
	if (sign && amount !== '0') throw fail(node, label, `${JSON.stringify(value)} is not an amount (a number ≥ 0)`);
	return amount;
}

function readSubid(ctx, node, label) {
	const subid = String(ctx.getNodeParameter('subid', '') || '').trim();
	if (!subid) throw fail(node, label, "is required: the click's subid");
	if ([...subid].some((c) => c.charCodeAt(0) < 32)) throw fail(node, label, 'contains control characters');
	return subid;
}

function postbackPath(ctx, node, credentials) {
	const key = String(ctx.getNodeParameter('postbackKey', '') || credentials.postbackKey || '');
	if (!key) throw fail(node, 'Ключ постбека', 'is not set: give it here or in the keitaroApi credential');
	return { path: `/${segment(key)}/postback`, secrets: [key] };
}

function subIdQuery(value, node, label) {
	if (value === null || value === undefined || value === '' ||
		(typeof value === 'object' && !Object.keys(value).length)) return {};
	let parsed;
	try {
		parsed = asJson(value);
	} catch (error) {
		throw fail(node, label, error.message);
	}
	return parsed;
}

// Dates, as kflow's handlers/dates.py reads and writes them.
const NO_VALUE_OPERATORS = ['IS_SET', 'IS_NOT_SET', 'IS_TRUE', 'IS_FALSE'];
const LIST_OPERATORS = ['IN_LIST', 'NOT_IN_LIST', 'BETWEEN'];
const MOMENT = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const pad = (n) => String(n).padStart(2, '0');

function checkTimezone(value, node) {
	const name = String(value || 'UTC').trim() || 'UTC';
	try {
		new Intl.DateTimeFormat('en-US', { timeZone: name });
	} catch (error) {
		throw fail(node, 'Часовой пояс', `${JSON.stringify(name)} is not an IANA time zone such as Europe/Moscow or UTC`);
	}
	return name;
}

// [year, month, day, hour, minute, second] wall time in `timezone`, and whether a time was given.
function parseMoment(value, timezone) {
	const text = String(value || '').trim();
	if (!text) throw new Error('is empty: give an ISO date such as 2026-11-01');
	if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return [text.split('-').map(Number).concat([0, 0, 0]), false];
	const match = MOMENT.exec(text);
	if (!match) throw new Error(`'${text}' is not an ISO date or date-time (2026-11-01 or 2026-11-01T10:30)`);
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

function readRange(ctx, node) {
	const timezone = checkTimezone(ctx.getNodeParameter('timezone', 'UTC'), node);
	const interval = ctx.getNodeParameter('interval', '');
	if (interval !== 'custom') return { interval, timezone };
	const bounds = {};
	for (const [name, label, key] of [['dateFrom', 'С', 'from'], ['dateTo', 'По', 'to']]) {
		try {
			bounds[key] = rangeBound(ctx.getNodeParameter(name, ''), timezone);
		} catch (error) {
			throw fail(node, label, error.message);
		}
	}
	if (bounds.from > bounds.to) throw fail(node, 'По', `ends (${bounds.to}) before the start (${bounds.from})`);
	return { from: bounds.from, to: bounds.to, timezone };
}

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

function readFilters(ctx, node) {
	const rows = (ctx.getNodeParameter('filters', {}) || {}).filter || [];
	return rows.map((row, index) => {
		const operator = row.operator;
		const value = row.value === undefined ? '' : row.value;
		const entry = { name: row.name, operator };
		if (LIST_OPERATORS.includes(operator)) {
			const items = listValue(value);
			if (operator === 'BETWEEN' && items.length !== 2) throw fail(node, 'Фильтры', `filter ${index + 1}: BETWEEN takes two values, e.g. 1,5`);
			entry.expression = items;
		} else if (!NO_VALUE_OPERATORS.includes(operator)) {
			if ((value === null || value === '') && !['EQUALS', 'NOT_EQUAL'].includes(operator)) {
				throw fail(node, 'Фильтры', `filter ${index + 1}: ${operator} needs a value`);
			}
			entry.expression = value;
		}
		return entry;
	});
}

function readSort(ctx) {
	return ((ctx.getNodeParameter('sort', {}) || {}).rule || []).map((r) => ({ name: r.name, order: r.order }));
}

function readCostPeriod(ctx, node, timezone, fromLabel, toLabel) {
	let start, end;
	try {
		start = costBound(ctx.getNodeParameter('dateFrom', ''), timezone, false);
		end = costBound(ctx.getNodeParameter('dateTo', ''), timezone, true);
	} catch (error) {
		throw fail(node, fromLabel, error.message);
	}
	if (start > end) throw fail(node, toLabel, 'ends before the start');
	return [start, end];
}

function readCurrency(ctx, node) {
	const value = String(ctx.getNodeParameter('currency', '') || '').trim().toUpperCase();
	if (!value) return null;
	if (!/^[A-Z]{3}$/.test(value)) throw fail(node, 'Валюта', `'${value}' is not a currency code such as USD`);
	return value;
}

const COST_FILTER_FIELDS = new Set(['keyword', 'source', 'external_id', 'creative_id', 'ad_campaign_id']
	.concat(Array.from({ length: 30 }, (_, i) => `sub_id_${i + 1}`)));

function readCostFilters(value, node, where) {
	if (value === null || value === undefined || value === '' ||
		(typeof value === 'object' && !Object.keys(value).length)) return null;
	let parsed;
	try {
		parsed = asJson(value);
	} catch (error) {
		throw fail(node, 'Расходы', `${where}: ${error.message}`);
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw fail(node, 'Расходы', `${where}: filters must be a JSON object`);
	const unknown = Object.keys(parsed).filter((k) => !COST_FILTER_FIELDS.has(k)).sort();
	if (unknown.length) throw fail(node, 'Расходы', `${where}: cannot filter costs by '${unknown[0]}'`);
	return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, Array.isArray(v) ? v.map(String).join(',') : String(v)]));
}

function readCampaignId(ctx, node) {
	const value = ctx.getNodeParameter('campaignId', 0);
	const number = Number(String(value).trim());
	if (!Number.isInteger(number)) throw fail(node, 'ID Кампании', `${JSON.stringify(value)} is not a campaign ID (a whole number)`);
	if (number < 1) throw fail(node, 'ID Кампании', "is required: give the campaign's ID (1 or more)");
	return number;
}

function amount(value, node, label) {
	let text;
	try {
		text = moneyText(value, node, label);
	} catch (error) {
		text = '-';
	}
	if (text.startsWith('-')) throw fail(node, label, 'must be a number ≥ 0');
	return text;
}

// Operations whose request has logic of its own, as kflow's modules build them.
const BUILDERS = {
	labels(ctx, node) {
		const values = String(ctx.getNodeParameter('values', '') || '').replace(/\n/g, ',')
			.split(',').map((v) => v.trim()).filter((v) => v);
		if (!values.length) throw fail(node, 'Значения', 'give one or more values to label');
		const campaign = write({ kind: 'int', options: [], label: 'ID Кампании' }, ctx.getNodeParameter('campaignId', 0), node);
		if (campaign < 1) throw fail(node, 'ID Кампании', "is required: give the campaign's ID (1 or more)");
		const label = ctx.getNodeParameter('label', 'blacklist');
		const items = {};
		for (const value of values) items[value] = label;
		return { path: '/report/labels', query: {}, body: { campaign_id: campaign, ref_name: ctx.getNodeParameter('refName', 'sub_id_1'), items } };
	},
	postback(ctx, node, credentials) {
		const subid = readSubid(ctx, node, 'Subid');
		const status = String(ctx.getNodeParameter('status', 'sale') || 'sale').trim();
		const extra = ctx.getNodeParameter('additionalFields', {}) || {};
		const mapped = new Set(['lead_status', 'sale_status', 'rejected_status']
			.flatMap((name) => String(extra[name] || '').split(',')).filter((s) => s.trim()));
		if (!STATUSES.includes(status) && !mapped.has(status)) {
			throw fail(node, 'Статус', `${JSON.stringify(status)} is not lead, sale, rejected or rebill, and no status mapping names it`);
		}
		const query = { subid, status };
		for (const name of ['payout', 'tid', 'currency', 'cost', 'return', 'lead_status', 'sale_status', 'rejected_status']) {
			const value = extra[name];
			if (value === null || value === undefined || value === '') continue;
			query[name] = name === 'payout' || name === 'cost'
				? moneyText(value, node, `Дополнительные поля › ${name}`) : String(value);
		}
		const subIds = subIdQuery(extra.subIds, node, 'Дополнительные поля');
		if (typeof subIds !== 'object' || Array.isArray(subIds)) throw fail(node, 'Дополнительные поля', 'subIds must be a JSON object');
		for (const [name, value] of Object.entries(subIds)) {
			if (!SUB_ID.test(name)) throw fail(node, 'Дополнительные поля', `subIds: ${JSON.stringify(name)} is not sub_id_1…30`);
			query[name] = String(value);
		}
		return { ...postbackPath(ctx, node, credentials), query };
	},
	conversion(ctx, node, credentials, spec) {
		const status = String(ctx.getNodeParameter('status', '') || '');
		if (!STATUSES.includes(status)) throw fail(node, 'Статус', `${JSON.stringify(status)} is not one of: ${STATUSES.join(', ')}`);
		const query = { subid: readSubid(ctx, node, 'Subid'), status };
		if (spec.revenue) {
			const revenue = ctx.getNodeParameter('revenue', '');
			if (revenue !== null && revenue !== undefined && revenue !== '') query.payout = moneyText(revenue, node, 'Доход');
			const currency = String(ctx.getNodeParameter('currency', '') || '').trim().toLowerCase();
			if (currency) query.currency = currency;
		}
		const tid = String(ctx.getNodeParameter('tid', '') || '').trim();
		if (tid) query.tid = tid;
		return { ...postbackPath(ctx, node, credentials), query };
	},
	log(ctx, node, credentials, spec) {
		const columns = ctx.getNodeParameter('columns', []) || [];
		if (!columns.length) throw fail(node, 'Колонки', 'choose at least one column');
		readLimit(ctx, node);
		const body = { range: readRange(ctx, node), columns, filters: readFilters(ctx, node), sort: readSort(ctx) };
		return { path: spec.path, query: {}, body };
	},
	report(ctx, node) {
		const dimensions = ctx.getNodeParameter('dimensions', []) || [];
		const measures = ctx.getNodeParameter('measures', []) || [];
		if (!dimensions.length && !measures.length) throw fail(node, 'Метрики', 'choose at least one dimension or measure');
		const sort = readSort(ctx);
		for (const rule of sort) {
			if (!dimensions.includes(rule.name) && !measures.includes(rule.name)) {
				throw fail(node, 'Сортировка', `'${rule.name}' is not one of the report's dimensions or measures`);
			}
		}
		readLimit(ctx, node);
		const legacy = ((ctx.getNodeParameter('options', {}) || {}).wireNames || 'current') === 'legacy';
		const body = { range: readRange(ctx, node) };
		body[legacy ? 'grouping' : 'dimensions'] = dimensions;
		body[legacy ? 'metrics' : 'measures'] = measures;
		body.filters = readFilters(ctx, node);
		body.sort = sort;
		return { path: '/report/build', query: {}, body };
	},
	clean(ctx, node) {
		const timezone = checkTimezone(ctx.getNodeParameter('timezone', 'UTC'), node);
		const bounds = {};
		for (const [name, label, end] of [['dateFrom', 'С', false], ['dateTo', 'По', true]]) {
			try {
				bounds[name] = costBound(ctx.getNodeParameter(name, ''), timezone, end);
			} catch (error) {
				throw fail(node, label, error.message);
			}
		}
		if (bounds.dateFrom > bounds.dateTo) throw fail(node, 'По', 'ends before the start');
		const body = { start_date: bounds.dateFrom, end_date: bounds.dateTo, timezone };
		const campaign = ctx.getNodeParameter('campaignId', 0);
		if (![null, undefined, 0, '0', ''].includes(campaign)) body.campaign_id = readCampaignId(ctx, node);
		return { path: '/clicks/clean', query: {}, body };
	},
	campaignCosts(ctx, node) {
		const campaign = readCampaignId(ctx, node);
		const timezone = checkTimezone(ctx.getNodeParameter('timezone', 'UTC'), node);
		const [start, end] = readCostPeriod(ctx, node, timezone, 'С / По', 'По');
		const cost = amount(ctx.getNodeParameter('cost', 0), node, 'Сумма');
		const currency = readCurrency(ctx, node);
		if (!currency) throw fail(node, 'Валюта', 'is required, e.g. USD');
		const body = {
			start_date: start, end_date: end, timezone, cost, currency,
			only_campaign_uniques: Boolean(ctx.getNodeParameter('onlyCampaignUniques', false)),
		};
		const filters = readCostFilters(ctx.getNodeParameter('filters', ''), node, 'filters');
		if (filters) body.filters = filters;
		return { path: `/campaigns/${campaign}/update_costs`, query: {}, body };
	},
	clickCosts(ctx, node) {
		const timezone = checkTimezone(ctx.getNodeParameter('timezone', 'UTC'), node);
		const text = String(ctx.getNodeParameter('campaignIds', '') || '');
		const parts_ = text.replace(/;/g, ',').split(',').map((p) => p.trim()).filter((p) => p);
		if (!parts_.length) throw fail(node, 'ID Кампаний', 'is required: give one or more campaign IDs');
		const bad = parts_.filter((p) => !/^\d+$/.test(p) || Number(p) < 1);
		if (bad.length) throw fail(node, 'ID Кампаний', `'${bad[0]}' is not a campaign ID`);
		const currency = readCurrency(ctx, node);
		if (!currency) throw fail(node, 'Валюта', 'is required, e.g. USD');
		const entries = (ctx.getNodeParameter('costs', {}) || {}).cost || [];
		if (!entries.length) throw fail(node, 'Расходы', 'add at least one cost entry');
		const costs = entries.map((entry, index) => {
			const where = `entry ${index + 1}`;
			let start, end;
			try {
				start = costBound(entry.dateFrom, timezone, false);
				end = costBound(entry.dateTo, timezone, true);
			} catch (error) {
				throw fail(node, 'Расходы', `${where}: ${error.message}`);
			}
			if (start > end) throw fail(node, 'Расходы', `${where}: ends before it starts`);
			let cost;
			try {
				cost = moneyText(entry.cost, node, 'Расходы');
			} catch (error) {
				cost = '-';
			}
			if (cost.startsWith('-')) throw fail(node, 'Расходы', `${where}: cost must be a number ≥ 0`);
			const item = { start_date: start, end_date: end, cost, timezone, currency };
			const filters = readCostFilters(entry.filters, node, where);
			if (filters) item.filters = filters;
			return item;
		});
		const body = {
			campaign_ids: parts_.map(Number), costs, timezone,
			only_campaign_uniques: ctx.getNodeParameter('onlyCampaignUniques', false) ? 1 : 0, currency,
		};
		return { path: '/clicks/update_costs', query: {}, body };
	},
	subIds(ctx, node) {
		const subid = readSubid(ctx, node, 'ID Клика');
		const values = subIdQuery(ctx.getNodeParameter('subIds', ''), node, 'Sub ID');
		if (typeof values !== 'object' || Array.isArray(values) || !Object.keys(values).length) {
			throw fail(node, 'Sub ID', 'must be a JSON object such as {"sub_id_4": "x"}');
		}
		const query = { _update_tokens: 1, sub_id: subid };
		for (const [name, value] of Object.entries(values)) {
			if (!SUB_ID.test(name)) throw fail(node, 'Sub ID', `${JSON.stringify(name)} is not sub_id_1…sub_id_30`);
			if (value !== null && typeof value === 'object' || typeof value === 'boolean') throw fail(node, 'Sub ID', `${name}: give text or a number`);
			if (value !== null && value !== undefined && value !== '') query[name] = String(value);
		}
		return { path: '/', query };
	},
};

const COLLECTION_LABELS = { additionalFields: 'Дополнительные поля', updateFields: 'Поля для обновления' };

// Builds the request of one item from its operation's SPEC entry.
function buildRequest(ctx, spec, node, credentials = {}) {
	if (spec.builder) return BUILDERS[spec.builder](ctx, node, credentials, spec);
	const path = spec.path.replace(/\{([^}]+)\}/g, (_, name) => {
		const field = spec.ids[name];
		const value = write(field, ctx.getNodeParameter(field.name, ''), node);
		if (typeof value === 'number' && value < 1) throw fail(node, field.label, 'is required: give an ID of 1 or more');
		return segment(value);
	});
	const query = {};
	for (const field of spec.query) query[field.key] = required(ctx, field, node);
	for (const field of spec.queryOptional) {
		const given = ctx.getNodeParameter(field.name, '');
		if (given !== null && given !== undefined && given !== '') query[field.key] = write(field, given, node);
	}
	let body;
	if (spec.rawBody) {
		body = write({ kind: 'object', options: [], label: spec.rawBody.label }, ctx.getNodeParameter(spec.rawBody.name, ''), node);
	} else if (spec.required.length || spec.optional.length) {
		body = {};
		for (const field of spec.required) body[field.key] = required(ctx, field, node);
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
	return { path, query, body };
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
		if (['list', 'pages', 'rows'].includes(spec.answer)) readLimit(this, node);
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
