/** Why a delivery waits and when its next attempt is due, in words (the reason comes from src/server/inspector/wait-reason.ts). */
import type { ReactNode } from "react";
import type { WaitReason } from "@/server/inspector/wait-reason";
import { formatTime } from "@/components/conversations/format";

const at = (date: Date | null) => (date ? ` at ${formatTime(date)}` : "");

function heldText(wait: Extract<WaitReason, { kind: "HELD" }>): string {
  if (!wait.integrationName) return "Held until its receiver is verified again";
  const why = wait.integrationStatus === "UNVERIFIED" ? "is not verified yet" : "is inactive";
  return `Held: ${wait.integrationName} ${why}${wait.reason ? ` (${wait.reason})` : ""}`;
}

export function WaitLine({ wait, canReplay }: { wait: WaitReason; canReplay: boolean }) {
  const tone = wait.kind === "FAILED" ? "text-red-700" : wait.kind === "HELD" ? "text-slate-700" : "text-amber-800";
  let text: ReactNode;
  switch (wait.kind) {
    case "IN_FLIGHT":
      text = `In flight (attempt ${wait.attempt})`;
      break;
    case "WAITING_BEHIND":
      text = (
        <>
          Waiting behind delivery{" "}
          <a href={`#delivery-${wait.deliveryId}`} className="font-mono text-indigo-700 underline-offset-2 hover:underline">
            {wait.deliveryId}
          </a>{" "}
          (sent first in this conversation)
        </>
      );
      break;
    case "RETRY":
      text = `Retry ${wait.retry} of ${wait.of}${at(wait.at) || " due now"}`;
      break;
    case "FIRST_ATTEMPT":
      text = `First attempt due${at(wait.at)}`;
      break;
    case "INTERRUPTED":
      text = `Attempt ${wait.attempt} was interrupted (the process making it stopped): the next attempt is due now`;
      break;
    case "DUE":
      text = `Attempt ${wait.attempt} due${at(wait.at) || " now"} (a new retry schedule, after its integration was verified again)`;
      break;
    case "HELD":
      text = heldText(wait);
      break;
    case "FAILED":
      text = `Failed: ${wait.lastError ?? "no error was recorded"}; replayable${canReplay ? "" : " by an owner or admin"}`;
      break;
  }
  return (
    <p data-testid="delivery-wait" data-wait={wait.kind} className={`px-3 pb-2 text-xs ${tone}`}>
      {text}
    </p>
  );
}
