// The documented Azure OpenAI JavaScript examples, driven by the aoai-conformance suite.
//
// One long-lived process speaking JSON lines: each stdin line is a request naming a case (call, params,
// base URL, auth mode, retry settings); each stdout line is the answer: every HTTP attempt as sent and the
// raw bytes received (captured by a custom `fetch`), and what the SDK made of them (parsed, or which error
// class). Validation stays in Python; this file only runs the SDK the way the docs show.
//
// Auth modes, as documented (docs 001/002, JavaScript):
//   api_key: new OpenAI({ baseURL: ".../openai/v1/", apiKey })
//   entra:   new OpenAI({ baseURL, apiKey: getBearerTokenProvider(new DefaultAzureCredential(), SCOPE) })
// When the request carries `token` (replay, the stand-in, CI), a tiny credential implementing getToken stands
// in for Azure: it serves that fixed token and never opens a socket, so no credential chain can reach an
// address other than the loopback one the suite chose. The token still goes through getBearerTokenProvider.
import { createInterface } from "node:readline";
import { readFileSync } from "node:fs";
import * as openaiModule from "openai";
import { DefaultAzureCredential, getBearerTokenProvider } from "@azure/identity";

const { OpenAI } = openaiModule;
const SCOPE = "https://cognitiveservices.azure.com/.default";
const sdkVersion = JSON.parse(
  readFileSync(new URL("./node_modules/openai/package.json", import.meta.url), "utf8"),
).version;

/** The stand-in for Azure: a TokenCredential serving one fixed token (see the header comment). */
function staticCredential(token) {
  return {
    async getToken(scopes) {
      const wanted = Array.isArray(scopes) ? scopes : [scopes];
      if (!wanted.includes(SCOPE)) throw new Error(`unexpected scope ${wanted}`);
      return { token, expiresOnTimestamp: Date.now() + 3600 * 1000 };
    },
  };
}

function b64(bytes) {
  return Buffer.from(bytes).toString("base64");
}

/** A fetch that records each attempt: the request as sent and the response bytes as received. */
function capturingFetch(attempts) {
  return async (input, init = {}) => {
    const request = new Request(input, init);
    const body = init.body == null ? new Uint8Array() : new Uint8Array(await request.clone().arrayBuffer());
    const headers = {};
    request.headers.forEach((value, name) => { headers[name.toLowerCase()] = value; });
    const attempt = { method: request.method, url: request.url, headers, body_b64: b64(body) };
    attempts.push(attempt);
    let response;
    try {
      response = await fetch(request);
    } catch (err) {
      attempt.error = `${err?.name ?? "Error"}: ${err?.cause?.code ?? err?.message ?? err}`;
      throw err;
    }
    attempt.status = response.status;
    attempt.response_headers = {};
    response.headers.forEach((value, name) => { attempt.response_headers[name.toLowerCase()] = value; });
    let bytes;
    try {
      bytes = new Uint8Array(await response.arrayBuffer());
    } catch (err) {
      attempt.error = `${err?.name ?? "Error"}: ${err?.cause?.code ?? err?.message ?? err}`;
      throw err;
    }
    attempt.response_body_b64 = b64(bytes);
    attempt.complete = true;
    // fetch decoded any content-encoding already; the rebuilt response must not claim it again.
    const out = new Headers(response.headers);
    out.delete("content-encoding");
    out.delete("content-length");
    return new Response(bytes, { status: response.status, statusText: response.statusText, headers: out });
  };
}

function makeClient(req, attempts) {
  let apiKey;
  if (req.auth === "entra") {
    const credential = req.token ? staticCredential(req.token) : new DefaultAzureCredential();
    apiKey = getBearerTokenProvider(credential, SCOPE);
  } else {
    apiKey = req.apiKey;
  }
  const options = { baseURL: req.baseURL, apiKey, fetch: capturingFetch(attempts) };
  if (req.clientOptions && "maxRetries" in req.clientOptions) options.maxRetries = req.clientOptions.maxRetries;
  if (req.timeoutMs) options.timeout = req.timeoutMs;
  const client = new OpenAI(options);
  if (req.backoffScale) {
    // Replay only: the SDK's own default backoff (no retry-after header), scaled down; the attempts are unchanged.
    const documented = client.calculateDefaultRetryTimeoutMillis.bind(client);
    client.calculateDefaultRetryTimeoutMillis = (remaining, max) => documented(remaining, max) * req.backoffScale;
  }
  return client;
}

function resolve(client, call) {
  const parts = call.split(".");
  const method = parts.pop();
  let target = client;
  for (const name of parts) target = target[name];
  return target[method].bind(target);
}

/** Run the documented call and describe what the SDK made of the response. */
async function runCall(client, req) {
  const options = { ...(req.requestOptions ?? {}) };
  const result = await resolve(client, req.call)(req.params, options);
  if (req.params.stream) {
    const types = [];
    let text = "";
    for await (const event of result) {
      types.push(event.type ?? event.object ?? "chunk");
      if (event.type === "response.output_text.delta" && event.delta) text += event.delta;
    }
    return { kind: "stream", events: types.length, event_types: [...new Set(types)], text_length: text.length };
  }
  const parsed = { kind: "object", object: result?.object ?? null, id: result?.id ?? null,
                   request_id: result?._request_id ?? null };
  if (req.call === "responses.create") parsed.output_text_type = typeof result.output_text;
  if (req.call === "chat.completions.create") parsed.content_type = typeof result?.choices?.[0]?.message?.content;
  return parsed;
}

async function handle(req) {
  const attempts = [];
  const out = { id: req.id, sdk: "openai-node", sdk_version: sdkVersion, attempts };
  try {
    const client = makeClient(req, attempts);
    out.parsed = await runCall(client, req);
    out.ok = true;
  } catch (err) {
    out.ok = false;
    out.error = { class: err?.constructor?.name ?? "Error", status: err?.status ?? null,
                  message: String(err?.message ?? err).slice(0, 500),
                  openai: err instanceof openaiModule.OpenAIError };
  }
  return out;
}

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
// Requests are answered one at a time, in order: the suite sends the next case after reading an answer.
let chain = Promise.resolve();
lines.on("line", (line) => {
  if (!line.trim()) return;
  chain = chain.then(async () => {
    let answer;
    try {
      answer = await handle(JSON.parse(line));
    } catch (err) {
      answer = { id: null, ok: false, error: { class: "DriverError", message: String(err) }, attempts: [] };
    }
    process.stdout.write(JSON.stringify(answer) + "\n");
  });
});
lines.on("close", () => { chain.then(() => process.exit(0)); });
process.stdout.write(JSON.stringify({ ready: true, sdk: "openai-node", sdk_version: sdkVersion,
                                      node: process.version }) + "\n");
