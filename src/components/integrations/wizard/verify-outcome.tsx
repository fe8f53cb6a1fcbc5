/** OTHERS: what the draft's Verify found (Save waits for a success). */
export function VerifyOutcome({ pending, verified, failure }: { pending: boolean; verified: { verifiedAt: Date } | null; failure: string | null }) {
  return (
    <div aria-live="polite">
      {pending ? (
        <p className="text-sm text-slate-600">Sending a Verification event (waits up to 5 s)…</p>
      ) : verified ? (
        <p role="status" data-testid="verify-outcome" className="rounded-md bg-green-50 px-3 py-2 text-sm text-green-800">
          Verified: the webhook answered with the verification token. Click Save to add the integration.
        </p>
      ) : failure ? (
        <p role="alert" data-testid="verify-outcome" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          Verification failed: {failure}
        </p>
      ) : (
        <p className="text-sm text-slate-600">
          Verify sends a Verification event to the Webhook URL; it must answer within 5 s with a 2xx that carries the verification token.
        </p>
      )}
    </div>
  );
}
