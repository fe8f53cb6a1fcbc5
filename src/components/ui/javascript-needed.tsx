/**
 * Shown only when scripts do not run: the forms sign in through next-auth's client, so without
 * JavaScript they cannot work. They post (method="post") rather than put a password in the URL.
 */
export function JavaScriptNeeded({ action }: { action: string }) {
  return (
    <noscript>
      <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800">
        JavaScript is needed to {action}: turn it on in your browser, then reload this page.
      </p>
    </noscript>
  );
}
