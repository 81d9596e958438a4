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
		if (spec.answer === 'list' || spec.answer === 'pages') readLimit(this, node);
		const { path, query, body, secrets: pathSecrets = [] } = buildRequest(this, spec, node, credentials);
		const shownQuery = { ...query };
		if (spec.answer === 'pages') {
			// kflow pages logs 1,000 lines at a time; the envelope shows the request without them.
			const limit = readLimit(this, node);
			query.limit = limit === null ? PAGE_SIZE : Math.min(PAGE_SIZE, limit);
			query.offset = 0;
		}
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
		let shown = root + path + (Object.keys(shownQuery).length ? '?' + queryString(shownQuery) : '');
		for (const secret of secrets) {
			if (secret) shown = shown.split(quotePlus(secret)).join(mask(secret)).split(secret).join(mask(secret));
		}
		const headers = {};
		if (spec.api !== 'tracker') {
			headers.Accept = 'application/json';
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
		let answer = response.body;
		let parsed = true;
		if (typeof answer === 'string' && answer.trim()) {
			try {
				answer = JSON.parse(answer);
			} catch (error) {
				parsed = false;
			}
		}
		const status = response.statusCode;
		if (status < 200 || status >= 300) {
			const message = parsed ? keitaroMessage(answer) : null;
			const head = `Keitaro answered ${status} ${REASONS[status] || 'HTTP error'} to ${spec.method} ${shownPath}`;
			const error = new Error(message ? `${head}: ${message}` : head);
			error.httpCode = String(status);
			throw error;
		}
		if (spec.api === 'tracker') {
			const text = typeof response.body === 'string' ? response.body
				: response.body === null || response.body === undefined ? '' : JSON.stringify(response.body);
			return [{ json: { ...envelope, success: true, data: { status, body: text } } }];
		}
		if (!parsed) {
			throw new Error(`the tracker answered ${spec.method} ${shownPath} with something that is not JSON`);
		}
		if (answer === '' || answer === undefined) answer = null;
		if (spec.unwrap && answer && typeof answer === 'object' && spec.unwrap in answer) answer = answer[spec.unwrap];
		answer = normalize(answer);
		let values;
		if (spec.answer === 'list' || spec.answer === 'pages') {
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

	return { preSend, postReceive };
}

module.exports = { buildRequest, makeRuntime };
