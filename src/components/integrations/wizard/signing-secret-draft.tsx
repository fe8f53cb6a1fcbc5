import { CopyValue } from "@/components/forms/copy-value";

/** The signing secret made for the new integration, shown before Verify and Save sign with it. */
export function SigningSecretDraft({ draft, error }: { draft: string | null; error: string | null }) {
  return (
    <div className="space-y-2 rounded-md bg-slate-50 px-3 py-3">
      <p className="text-sm font-medium text-slate-900">Signing secret</p>
      <p className="text-xs text-slate-600">
        Every request Switchboard sends, the Verification event included, carries Standard Webhooks headers (webhook-id,
        webhook-timestamp, webhook-signature) signed with this secret. Configure it in your system before you verify, so it
        can check even the first request. It stays revealable to admins on the integration&apos;s page.
      </p>
      {draft ? (
        <CopyValue value={draft} what="signing secret" testId="draft-signing-secret" />
      ) : error ? (
        <p role="alert" className="text-sm text-red-700">
          Could not make a signing secret: {error}. Verify and Save still work, with a secret shown on the integration&apos;s page.
        </p>
      ) : (
        <p className="text-sm text-slate-500">Making a signing secret…</p>
      )}
    </div>
  );
}
