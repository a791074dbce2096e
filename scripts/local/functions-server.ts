// Serves the edge functions on Deno behind a router that behaves like Supabase's gateway:
// http://127.0.0.1:<port>/functions/v1/<name>[/...] reaches function <name>, after the JWT check
// that config.toml's verify_jwt asks for; /auth/v1/.well-known/jwks.json publishes the project's
// public signing keys, as Supabase Auth does.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { JSONWebKeySet } from 'jose';
import { isApiKey, verificationKeys, verifyJwt, type VerificationKeys } from '../../supabase/functions/_shared/auth.ts';
import { denoExecutable, rootDir, type FunctionSpec } from '../project.ts';
import { freePort, waitForPort } from './ports.ts';

export interface FunctionsServer {
  url: string;
  stop(): Promise<void>;
}

interface RunningFunction {
  spec: FunctionSpec;
  port: number;
  process: ChildProcess;
}

export interface FunctionsServerOptions {
  port: number;
  functions: FunctionSpec[];
  /** The legacy JWT secret, while the project has one: HS256 tokens signed with it pass. */
  jwtSecret?: string;
  /** The public signing keys: ES256/RS256 tokens they verify pass. Served as the project's JWKS. */
  jwks?: JSONWebKeySet;
  /** The publishable and secret keys (sb_...), which pass in place of a JWT. */
  apiKeys?: string[];
  /** Environment variables every function receives. */
  env: Record<string, string>;
  log?: (line: string) => void;
}

/**
 * The most a request body may have. Hosted Supabase documents no limit of its own for function
 * requests; this one is above what any function here takes (store-webhook: 2 MiB), so that each
 * function's own limit decides, while a larger body is refused before a function sees a byte.
 */
export const gatewayMaxBodyBytes = 10 * 1024 * 1024;

/** Hosted Supabase's request idle timeout: a function that has not answered by then gets a 504. */
const idleTimeoutMs = 150_000;

function jsonError(res: http.ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
  res.end(JSON.stringify({ error: { code, message } }));
}

/** Headers of one connection, which a proxy does not pass on. */
const hopByHop = ['connection', 'keep-alive', 'transfer-encoding'];

/**
 * Ends an answer given before the whole request body arrived (a refusal, mostly). The answer
 * said the connection closes, since it cannot carry another request; what the client still sends
 * is read and dropped until its body ends, for a second at most, and only then is the connection
 * closed, so that a client still sending reads the answer rather than a reset connection.
 */
function endAfterBody(req: http.IncomingMessage, res: http.ServerResponse): void {
  if (req.complete) return void res.end();
  const timer = setTimeout(() => res.end(), 1000);
  req.once('end', () => {
    clearTimeout(timer);
    res.end();
  });
  req.resume();
}

function tooLarge(req: http.IncomingMessage, res: http.ServerResponse): void {
  res.writeHead(413, { 'content-type': 'application/json', 'access-control-allow-origin': '*', connection: 'close' });
  res.write(
    JSON.stringify({ error: { code: 'payload_too_large', message: `The body exceeds ${gatewayMaxBodyBytes} bytes` } }),
  );
  endAfterBody(req, res);
}

/** Compares in constant time (of the hashes, so lengths do not show either). */
function sameKey(given: string, known: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(known));
}

/**
 * Why the request may not reach a verify_jwt function, or null if it may. Like hosted Supabase:
 * the Authorization header must carry a JWT that the project's keys verify, or one of its
 * publishable or secret keys; without an Authorization header, such a key in `apikey` passes.
 */
async function credentialProblem(
  headers: http.IncomingHttpHeaders,
  keys: VerificationKeys,
  apiKeys: string[],
): Promise<string | null> {
  const isProjectKey = (value: string) => isApiKey(value) && apiKeys.some((key) => sameKey(value, key));
  const { authorization, apikey } = headers;
  if (!authorization) {
    return typeof apikey === 'string' && isProjectKey(apikey) ? null : 'Missing authorization header';
  }
  const match = /^Bearer\s+(\S+)$/i.exec(authorization);
  if (!match) return 'Authorization header is not a bearer token';
  if (isProjectKey(match[1])) return null;
  try {
    await verifyJwt(match[1], keys);
    return null;
  } catch (error) {
    const code = (error as { code?: string }).code;
    return code === 'ERR_JWT_EXPIRED' ? 'JWT has expired' : 'Invalid JWT';
  }
}

function startFunction(
  spec: FunctionSpec,
  port: number,
  env: Record<string, string>,
  log: (line: string) => void,
): ChildProcess {
  const child = spawn(
    denoExecutable(),
    [
      'run',
      '--no-prompt',
      '--allow-net',
      '--allow-env',
      '--allow-read',
      '--allow-sys',
      `--config=${spec.denoConfig}`,
      spec.entrypoint,
    ],
    {
      cwd: rootDir,
      env: { ...process.env, ...env, DENO_SERVE_ADDRESS: `tcp:127.0.0.1:${port}`, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const forward = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      if (line.trim() && !line.startsWith('Listening on')) log(`[${spec.name}] ${line}`);
    }
  };
  child.stdout?.on('data', forward);
  child.stderr?.on('data', forward);
  return child;
}

function proxy(req: http.IncomingMessage, res: http.ServerResponse, target: RunningFunction, path: string): void {
  // Like the hosted gateway, tell the function who connected: append the peer to x-forwarded-for,
  // and drop a cf-connecting-ip the client sent (on hosted Supabase, Cloudflare overwrites it).
  const forwardedFor = [req.headers['x-forwarded-for'], req.socket.remoteAddress].filter(Boolean).join(', ');
  const { 'cf-connecting-ip': _clientSent, ...clientHeaders } = req.headers;
  const headers = { ...clientHeaders, 'x-forwarded-for': forwardedFor };
  const upstream = http.request(
    { host: '127.0.0.1', port: target.port, method: req.method, path, headers },
    (answer) => {
      clearTimeout(idle);
      // the function answered, perhaps before the whole body arrived: it gets no more of it
      req.unpipe(upstream);
      const headers = Object.fromEntries(Object.entries(answer.headers).filter(([name]) => !hopByHop.includes(name)));
      res.writeHead(answer.statusCode ?? 502, req.complete ? headers : { ...headers, connection: 'close' });
      answer.pipe(res, { end: false });
      answer.on('end', () => endAfterBody(req, res));
      // an answer cut short (the function died) is cut short for the client too
      answer.on('close', () => answer.complete || res.destroy());
    },
  );
  upstream.on('error', () => {
    // after the answer began, an error is the function closing its side early: the answer stands
    if (!res.headersSent) jsonError(res, 503, 'function_unavailable', `function ${target.spec.name} is not running`);
  });
  const idle = setTimeout(() => {
    if (!res.headersSent) jsonError(res, 504, 'gateway_timeout', `function ${target.spec.name} did not answer in time`);
    upstream.destroy();
  }, idleTimeoutMs);
  res.on('close', () => clearTimeout(idle));

  // A body sent in chunks announces no length: it is counted as it passes.
  let received = 0;
  req.on('data', (chunk: Buffer) => {
    received += chunk.length;
    if (received > gatewayMaxBodyBytes && !res.headersSent) {
      req.unpipe(upstream);
      tooLarge(req, res);
      upstream.destroy();
    }
  });
  req.pipe(upstream);
}

export async function startFunctionsServer(options: FunctionsServerOptions): Promise<FunctionsServer> {
  const log = options.log ?? ((line: string) => console.log(line));
  const jwks = options.jwks ?? { keys: [] };
  const keys = verificationKeys({ jwtSecret: options.jwtSecret, jwks });
  const apiKeys = options.apiKeys ?? [];
  const running = new Map<string, RunningFunction>();
  let stopping = false;

  // If our process ends without stop() (a signal made it exit), take the functions with it.
  const killOnExit = () => {
    for (const { process: child } of running.values()) child.kill('SIGKILL');
  };
  process.on('exit', killOnExit);

  const stopAll = async () => {
    stopping = true;
    process.off('exit', killOnExit);
    await Promise.all(
      [...running.values()].map(
        ({ process: child }) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
            setTimeout(() => child.kill('SIGKILL'), 3000).unref();
          }),
      ),
    );
  };

  try {
    await Promise.all(
      options.functions.map(async (spec) => {
        const port = await freePort();
        const child = startFunction(spec, port, options.env, log);
        running.set(spec.name, { spec, port, process: child });
        child.once('exit', (code, signal) => {
          if (!stopping) log(`[${spec.name}] exited (${signal ?? `code ${code}`})`);
        });
        try {
          await waitForPort(port, 60_000, () => child.exitCode === null && child.signalCode === null);
        } catch (error) {
          throw new Error(`edge function ${spec.name} did not start: ${(error as Error).message}`);
        }
      }),
    );
  } catch (error) {
    await stopAll();
    throw error;
  }

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/auth/v1/.well-known/jwks.json') {
      res.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
      return res.end(JSON.stringify(jwks));
    }
    const match = /^\/functions\/v1\/([^/]+)(\/.*)?$/.exec(url.pathname);
    const target = match ? running.get(match[1]) : undefined;
    if (!match || !target) {
      return jsonError(res, 404, 'not_found', 'Requested function was not found');
    }
    if (Number(req.headers['content-length'] ?? 0) > gatewayMaxBodyBytes) return tooLarge(req, res);
    // Browsers send CORS preflights without credentials; the gateway lets them through.
    if (target.spec.verifyJwt && req.method !== 'OPTIONS') {
      const problem = await credentialProblem(req.headers, keys, apiKeys);
      if (problem) return jsonError(res, 401, 'unauthorized', problem);
    }
    proxy(req, res, target, `/${match[1]}${match[2] ?? ''}${url.search}`);
  };
  const server = http.createServer(handle);
  // A client that asks before sending its body (Expect: 100-continue) is told to go on only when
  // the body it announces is not too large, so that a refused body is never sent at all.
  server.on('checkContinue', (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (Number(req.headers['content-length'] ?? 0) <= gatewayMaxBodyBytes) res.writeContinue();
    void handle(req, res);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  }).catch(async (error) => {
    await stopAll();
    throw error;
  });
  const address = server.address() as { port: number };

  return {
    url: `http://127.0.0.1:${address.port}/functions/v1`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await stopAll();
    },
  };
}
