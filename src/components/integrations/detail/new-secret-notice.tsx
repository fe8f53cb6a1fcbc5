import { CopyValue } from "@/components/forms/copy-value";
import { Button } from "@/components/ui/button";

/** A new inbound webhook secret (from the wizard or a rotation), shown this once. */
export function NewSecretNotice({ secret, onDismiss }: { secret: string; onDismiss: () => void }) {
  return (
    <section aria-labelledby="new-secret-heading" className="rounded-lg bg-amber-50 p-4 ring-1 ring-amber-300">
      <h2 id="new-secret-heading" className="text-sm font-semibold text-amber-900">
        Inbound webhook secret: copy it now
      </h2>
      <p className="mt-1 text-sm text-amber-900">
        It is shown only this once and is stored only as a hash. Your system sends it with every call to the inbound
        webhook, as Authorization: Bearer &lt;secret&gt;. If you lose it, rotate the secret to get a new one.
      </p>
      <div className="mt-3">
        <CopyValue value={secret} what="inbound webhook secret" testId="inbound-secret" />
      </div>
      <Button variant="secondary" className="mt-3" onClick={onDismiss}>
        I have copied it
      </Button>
    </section>
  );
}
