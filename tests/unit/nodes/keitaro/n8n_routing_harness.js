'use strict';
// A stand-in for n8n 2.41's routing node and HTTP helper, as far as the package uses them.
// Run: node n8n_routing_harness.js PACKAGE_DIR < cases.json > outcomes.json
const root = process.argv[2];
const { Keitaro } = require(root + '/dist/nodes/Keitaro/Keitaro.node.js');
const { KeitaroApi } = require(root + '/dist/credentials/KeitaroApi.credentials.js');
const description = new Keitaro().description;
const credential = new KeitaroApi();
// n8n replaces an error's message when it names one of these codes.
const REWRITTEN = ['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'ECONNABORTED',
	'EHOSTUNREACH', 'EAI_AGAIN', 'EADDRNOTAVAIL', 'GETADDRINFO'];

function evaluate(value, credentials) {
	if (typeof value !== 'string' || !value.startsWith('={{')) return value;
	return new Function('$credentials', `return (${value.slice(3, -2)});`)(credentials);
}

function routingOf(resource, operation) {
	const prop = description.properties.find((p) => p.name === 'operation' &&
		p.displayOptions.show.resource.includes(resource));
	return prop.options.find((o) => o.value === operation).routing;
}

function fakeHttp(record, answer) {
	return async function httpRequest(options) {
		const headers = {};
		for (const [k, v] of Object.entries(options.headers || {})) headers[k.toLowerCase()] = String(v);
		const given = options.body;
		let body;
		if (options.method !== 'GET' && given !== undefined && given !== null &&
			(typeof given === 'string' || Object.keys(given).length)) body = given;
		if (body !== undefined && typeof body === 'object' && !headers['content-type']) {
			headers['content-type'] = 'application/json';
		}
		if (options.json && !headers.accept) headers.accept = 'application/json';
		const url = new URL(options.baseURL.replace(/\/+$/, '') + '/' + options.url.replace(/^\/+/, ''));
		const query = {};
		for (const [k, v] of Object.entries(options.qs || {})) query[k] = String(v);
		record.push({ method: options.method, path: url.pathname, query, headers, body: body === undefined ? null : body });
		if (answer.fail === 'timeout') {
			throw Object.assign(new Error(`timeout of ${options.timeout}ms exceeded`), { code: 'ECONNABORTED', isAxiosError: true });
		}
		if (answer.fail === 'refused') {
			throw Object.assign(new Error(`connect ECONNREFUSED ${url.hostname}:${url.port}`), { code: 'ECONNREFUSED', isAxiosError: true });
		}
		let data = answer.body;
		if (options.encoding === 'arraybuffer') data = Buffer.from(answer.body, 'latin1');
		else {
			try {
				data = JSON.parse(answer.body);
			} catch (error) {
				// axios keeps text that is not JSON as it is
			}
		}
		const lowered = Object.fromEntries(Object.entries(answer.headers).map(([k, v]) => [k.toLowerCase(), v]));
		return options.returnFullResponse ? { statusCode: answer.status, body: data, headers: lowered } : data;
	};
}

async function run({ resource, operation, params, credentials, answer }) {
	const record = [];
	const routing = routingOf(resource, operation);
	const options = { qs: {}, body: {}, headers: {} };
	for (const [key, value] of Object.entries(description.requestDefaults)) {
		options[key] = typeof value === 'object' ? JSON.parse(JSON.stringify(value)) : evaluate(value, credentials);
	}
	Object.assign(options, { method: routing.request.method, url: routing.request.url, timeout: answer.timeout });
	const values = { resource, operation, ...params };
	const http = fakeHttp(record, answer);
	const ctx = {
		getNode: () => ({ name: 'Keitaro' }),
		getNodeParameter: (name, fallback) => (name in values ? values[name] : fallback),
		getCredentials: async () => credentials,
		helpers: {
			httpRequest: http,
			async httpRequestWithAuthentication(type, request) {
				const auth = credential.authenticate.properties.headers;
				for (const [k, v] of Object.entries(auth)) request.headers[k] = evaluate(v, credentials);
				try {
					return await http(request);
				} catch (error) {
					// n8n wraps the helper's failure in a NodeApiError whose cause is axios's error.
					throw Object.assign(new Error('The connection was aborted', { cause: error }), { httpCode: error.code });
				}
			},
			prepareBinaryData: async (buffer, fileName, mimeType) => ({ fileName, mimeType, data: buffer.toString('base64') }),
		},
	};
	const requestData = { options, preSend: routing.send.preSend, postReceive: routing.output.postReceive };
	try {
		for (const step of requestData.preSend) requestData.options = await step.call(ctx, requestData.options);
		const makeRoutingRequest = async (data) => {
			data.options.returnFullResponse = true;
			const response = await ctx.helpers.httpRequestWithAuthentication('keitaroApi', data.options);
			let items = [{ json: response.body }];
			for (const step of data.postReceive) items = await step.call(ctx, items, response);
			return items;
		};
		const paging = Object.create(ctx, { makeRoutingRequest: { value: makeRoutingRequest } });
		const items = routing.send.paginate && routing.operations
			? await routing.operations.pagination.call(paging, requestData)
			: await makeRoutingRequest(requestData);
		return { requests: record, items: items.map((i) => i.json) };
	} catch (error) {
		const message = REWRITTEN.some((code) => error.message.toUpperCase().includes(code))
			? `n8n would replace: ${error.message}` : error.message;
		return { requests: record, error: { message, description: error.description || null } };
	}
}

(async () => {
	const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));
	const out = [];
	for (const one of cases) out.push(await run(one));
	process.stdout.write(JSON.stringify(out));
})();
