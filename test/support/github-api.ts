/**
 * A loopback HTTP server that speaks the part of the GitHub REST API the action uses: issue
 * comments, as documented at https://docs.github.com/en/rest/issues/comments —
 *   GET   /repos/{owner}/{repo}/issues/{issue_number}/comments?per_page=&page=  (Link header pagination)
 *   POST  /repos/{owner}/{repo}/issues/{issue_number}/comments                  → 201
 *   PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}                     → 200
 *   GET   /user  (200 for a user token, 403 for an installation token such as GITHUB_TOKEN)
 * The real api.github.com cannot be reached from the test machines, so the tests point
 * GITHUB_API_URL at this server. It records every call and can refuse writes (a fork PR's read-only
 * token: 403), hide the PR (404), or fail the next N requests with 502 (retries).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StoredComment {
  id: number;
  issue: number;
  owner: string;
  repo: string;
  body: string;
  user: { login: string };
}

export interface RecordedCall {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization?: string;
  body?: unknown;
}

export interface FakeGitHub {
  url: string;
  calls: RecordedCall[];
  comments: StoredComment[];
  /** 'writes': POST/PATCH answer 403; 'all': every request answers 404 (PR not visible). */
  refuse?: 'writes' | 'all';
  /** The next N requests answer 502. */
  failNext: number;
  /**
   * Logins of user tokens (a PAT): `GET /user` answers them, and comments they write carry them.
   * Any other token behaves like GITHUB_TOKEN: `GET /user` answers 403 "Resource not accessible by
   * integration" and its comments are by github-actions[bot].
   */
  logins: Record<string, string>;
  /** Adds comments by `login` (default: someone). */
  seedBy(owner: string, repo: string, issue: number, login: string, bodies: string[]): void;
  /** Adds comments by other users (to make the list paginate). */
  seed(owner: string, repo: string, issue: number, bodies: string[]): void;
  close(): Promise<void>;
}

const MAX_PER_PAGE = 100;

function send(res: ServerResponse, status: number, body: unknown, headers = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : undefined;
}

function apiComment(base: string, c: StoredComment): Record<string, unknown> {
  return {
    id: c.id,
    node_id: `IC_${c.id}`,
    url: `${base}/repos/${c.owner}/${c.repo}/issues/comments/${c.id}`,
    html_url: `https://github.com/${c.owner}/${c.repo}/pull/${c.issue}#issuecomment-${c.id}`,
    body: c.body,
    user: { login: c.user.login, id: 1, type: 'Bot' },
    created_at: '2024-01-01T00:00:00Z',
    updated_at: '2024-01-01T00:00:00Z',
    issue_url: `${base}/repos/${c.owner}/${c.repo}/issues/${c.issue}`,
    author_association: 'NONE',
  };
}

export async function startFakeGitHub(): Promise<FakeGitHub> {
  let nextId = 1000;
  const fake: FakeGitHub = {
    url: '',
    calls: [],
    comments: [],
    failNext: 0,
    logins: {},
    seed(owner, repo, issue, bodies) {
      fake.seedBy(owner, repo, issue, 'someone', bodies);
    },
    seedBy(owner, repo, issue, login, bodies) {
      for (const body of bodies) {
        fake.comments.push({ id: nextId++, issue, owner, repo, body, user: { login } });
      }
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', fake.url);
    const body = req.method === 'GET' ? undefined : await readJson(req);
    fake.calls.push({
      method: req.method ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      authorization: req.headers.authorization,
      body,
    });
    if (!req.headers.authorization) return send(res, 401, { message: 'Requires authentication' });
    if (fake.failNext > 0) {
      fake.failNext--;
      return send(res, 502, { message: 'Server Error' });
    }
    const notFound = { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' };
    if (fake.refuse === 'all') return send(res, 404, notFound);
    const list = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/.exec(url.pathname);
    const one = /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/.exec(url.pathname);
    if (fake.refuse === 'writes' && req.method !== 'GET') {
      return send(res, 403, { message: 'Resource not accessible by integration' });
    }
    const text = (body as { body?: unknown } | undefined)?.body;
    const token = req.headers.authorization.replace(/^(token|bearer) /i, '');
    const login = fake.logins[token];
    if (url.pathname === '/user' && req.method === 'GET') {
      if (!login) return send(res, 403, { message: 'Resource not accessible by integration' });
      return send(res, 200, { login, id: 7, type: 'User' });
    }
    if (list && req.method === 'GET') {
      const [, owner, repo, issue] = list;
      const all = fake.comments.filter(
        (c) => c.owner === owner && c.repo === repo && c.issue === Number(issue),
      );
      const perPage = Math.min(Number(url.searchParams.get('per_page') ?? 30), MAX_PER_PAGE);
      const page = Number(url.searchParams.get('page') ?? 1);
      const last = Math.max(1, Math.ceil(all.length / perPage));
      const link = (p: number, rel: string) => {
        const u = new URL(url.pathname, fake.url);
        u.searchParams.set('per_page', String(perPage));
        u.searchParams.set('page', String(p));
        return `<${u.href}>; rel="${rel}"`;
      };
      const links = [];
      if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
      if (page > 1) links.push(link(1, 'first'), link(page - 1, 'prev'));
      const items = all
        .slice((page - 1) * perPage, page * perPage)
        .map((c) => apiComment(fake.url, c));
      return send(res, 200, items, links.length ? { link: links.join(', ') } : {});
    }
    if (list && req.method === 'POST') {
      if (typeof text !== 'string') return send(res, 422, { message: 'body is missing' });
      const [, owner, repo, issue] = list;
      const c = {
        id: nextId++,
        issue: Number(issue),
        owner,
        repo,
        body: text,
        user: { login: login ?? 'github-actions[bot]' },
      };
      fake.comments.push(c);
      return send(res, 201, apiComment(fake.url, c));
    }
    if (one && req.method === 'PATCH') {
      const c = fake.comments.find(
        (x) => x.owner === one[1] && x.repo === one[2] && x.id === Number(one[3]),
      );
      if (!c) return send(res, 404, notFound);
      if (typeof text !== 'string') return send(res, 422, { message: 'body is missing' });
      c.body = text;
      return send(res, 200, apiComment(fake.url, c));
    }
    return send(res, 404, notFound);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => send(res, 500, { message: String(err) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}
