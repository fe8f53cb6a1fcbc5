/**
 * Signing in and out over real HTTP, as next-auth's browser client does it (CSRF token, then a
 * form POST), against a running app (src/test/app-server.ts). For tests of what the real
 * route handlers answer.
 */

/** `name=value` pairs of a response's Set-Cookie headers, expired ones left out. */
function setCookies(response: Response): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const header of response.headers.getSetCookie()) {
    const [pair = "", ...attributes] = header.split(";");
    const [name = "", ...value] = pair.trim().split("=");
    const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=Thu, 01 Jan 1970/i.test(a));
    cookies.set(name, expired ? "" : value.join("="));
  }
  return cookies;
}

async function csrf(baseUrl: string, cookie = ""): Promise<{ token: string; cookie: string }> {
  const response = await fetch(`${baseUrl}/api/auth/csrf`, { headers: { cookie } });
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  const csrfCookie = [...setCookies(response)].find(([name]) => name.includes("csrf-token"));
  return { token: csrfToken, cookie: [cookie, csrfCookie ? `${csrfCookie[0]}=${csrfCookie[1]}` : ""].filter(Boolean).join("; ") };
}

export interface SignInAnswer {
  status: number;
  /** next-auth's `error` (CredentialsSignin for a wrong email or password), null on success. */
  error: string | null;
  /** `next-auth.session-token=…`, as a Cookie header, when a session was issued. */
  sessionCookie: string | null;
  /** Where next-auth says to go. */
  url: string;
}

export async function signInOverHttp(
  baseUrl: string,
  email: string,
  password: string,
  options: { callbackUrl?: string; headers?: Record<string, string> } = {},
): Promise<SignInAnswer> {
  const { callbackUrl = "/dashboard", headers = {} } = options;
  const { token, cookie } = await csrf(baseUrl);
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { ...headers, "content-type": "application/x-www-form-urlencoded", cookie },
    body: new URLSearchParams({ email, password, csrfToken: token, callbackUrl, json: "true" }),
    redirect: "manual",
  });
  const { url } = (await response.json()) as { url: string };
  const session = setCookies(response).get("next-auth.session-token");
  return {
    status: response.status,
    error: new URL(url, baseUrl).searchParams.get("error"),
    sessionCookie: session ? `next-auth.session-token=${session}` : null,
    url,
  };
}

/** The browser's sign-out button: POST /api/auth/signout with its CSRF token. */
export async function signOutOverHttp(baseUrl: string, sessionCookie: string): Promise<void> {
  const { token, cookie } = await csrf(baseUrl, sessionCookie);
  const response = await fetch(`${baseUrl}/api/auth/signout`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie },
    body: new URLSearchParams({ csrfToken: token, callbackUrl: "/sign-in", json: "true" }),
    redirect: "manual",
  });
  if (response.status !== 200) throw new Error(`Sign-out answered ${response.status}: ${await response.text()}`);
  if (setCookies(response).get("next-auth.session-token") !== "") throw new Error("Sign-out did not clear the session cookie");
}

/** A tRPC call over HTTP with the given cookies: its status and (superjson) JSON answer. */
export async function trpcWithCookie(baseUrl: string, cookie: string, path: string, input?: unknown, kind: "query" | "mutation" = "query") {
  const response =
    kind === "query"
      ? await fetch(`${baseUrl}/api/trpc/${path}${input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify({ json: input }))}`}`, { headers: { cookie } })
      : await fetch(`${baseUrl}/api/trpc/${path}`, { method: "POST", headers: { cookie, "content-type": "application/json" }, body: JSON.stringify({ json: input ?? null }) });
  return { status: response.status, body: (await response.json()) as { result?: { data: { json: unknown } }; error?: { json: { message: string } } } };
}
