/**
 * Shown only when scripts do not run: the app's forms submit through their scripts (sign-in
 * through next-auth's client), so without JavaScript they cannot work. They post
 * (method="post") all the same, so that nothing typed, a password least of all, goes into a URL.
 */
export function JavaScriptNeeded({ action }: { action: string }) {
  return (
    <noscript>
      <p role="alert" className="mb-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800">
        JavaScript is needed to {action}: turn it on in your browser, then reload this page.
      </p>
    </noscript>
  );
}
