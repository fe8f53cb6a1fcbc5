"use client";

import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { SelectField } from "@/components/forms/select-field";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { DEFAULT_HANDOVER_TEXT, HANDOVER_TEXT_MAX } from "@/server/conversations/handover-text";
import { fieldErrorsOf, useTRPC } from "@/lib/trpc";
import { ROUTING_EVENT_LABELS, ROUTING_EVENTS, RULE_ACTION_LABELS, RULE_ACTION_TYPES, type RoutingEvent, type RuleActionType } from "@/server/routing/types";
import { conditionError, fromDraft, toDraft, type ConditionDraft } from "./condition-drafts";
import { ConditionsEditor } from "./conditions-editor";
import type { RuleItem, ServicePageData } from "./types";

interface Props {
  service: ServicePageData;
  /** Editing this rule; creating a new one when absent. */
  rule?: RuleItem;
  onDone: () => void;
  onCancel: () => void;
}

const KNOWN_FIELDS = ["channelAssetId", "event", "actionType", "botIntegrationId", "ccspIntegrationId", "handoverText"];

export function RuleForm({ service, rule, onDone, onCancel }: Props) {
  const trpc = useTRPC();
  const [channelAssetId, setChannelAssetId] = useState(rule?.channelAsset.id ?? service.assets[0]?.id ?? "");
  const [event, setEvent] = useState<RoutingEvent>(rule?.event ?? "INCOMING_MESSAGE");
  const [conditions, setConditions] = useState<ConditionDraft[]>(() => (rule?.conditions ?? []).map(toDraft));
  const [actionType, setActionType] = useState<RuleActionType>(rule?.actionType ?? "BOT");
  const [botIntegrationId, setBot] = useState(rule?.botIntegration?.id ?? "");
  const [ccspIntegrationId, setCcsp] = useState(rule?.ccspIntegration?.id ?? "");
  const [handover, setHandover] = useState(rule?.handoverWhenBotUnavailable ?? true);
  const [handoverOnFirstFailure, setHandoverOnFirstFailure] = useState(rule?.handoverOnFirstFailure ?? false);
  // A new Incoming message rule answers postbacks too, unless the tenant separates them.
  const [coversPostbacks, setCoversPostbacks] = useState(rule ? rule.coversPostbacks : true);
  const [handoverText, setHandoverText] = useState(rule?.handoverText ?? "");
  const create = useMutation(trpc.rule.create.mutationOptions());
  const update = useMutation(trpc.rule.update.mutationOptions());
  const mutation = rule ? update : create;
  const errors = fieldErrorsOf(mutation.error);
  const shownInline = KNOWN_FIELDS.some((f) => errors[f]) || conditions.some((_, i) => conditionError(errors, i));

  const bots = service.integrations.filter((i) => i.kind === "BOT");
  const ccsps = service.integrations.filter((i) => i.kind === "CCSP");
  const usesBot = actionType !== "CCSP";
  const usesCcsp = actionType !== "BOT";

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const fields = {
      channelAssetId,
      event,
      conditions: conditions.map(fromDraft),
      actionType,
      botIntegrationId: usesBot ? botIntegrationId || null : null,
      ccspIntegrationId: usesCcsp ? ccspIntegrationId || null : null,
      handoverWhenBotUnavailable: handover,
      handoverOnFirstFailure: handover && handoverOnFirstFailure,
      coversPostbacks: event === "INCOMING_MESSAGE" && coversPostbacks,
      handoverText: actionType === "BOT_CCSP" ? handoverText : null,
    };
    try {
      if (rule) await update.mutateAsync({ id: rule.id, ...fields });
      else await create.mutateAsync({ serviceId: service.id, ...fields });
    } catch {
      return; // shown next to the fields
    }
    onDone();
  }

  return (
    <form method="post" onSubmit={onSubmit} noValidate aria-label={rule ? `Edit rule ${rule.number}` : "New rule"} className="space-y-5 rounded-md border border-indigo-200 bg-indigo-50/40 p-4">
      <h3 className="text-base font-semibold text-slate-900">{rule ? `Edit rule ${rule.number}` : "New rule"}</h3>
      <fieldset className="grid gap-4 sm:grid-cols-2">
        <legend className="mb-2 text-sm font-semibold text-slate-800">Trigger</legend>
        <SelectField
          label="Trigger channel"
          value={channelAssetId}
          onChange={(e) => setChannelAssetId(e.target.value)}
          error={errors.channelAssetId}
          hint={service.assets.length === 0 ? "Attach a channel to this service first." : undefined}
        >
          <option value="">Choose a channel…</option>
          {service.assets.map((asset) => (
            <option key={asset.id} value={asset.id}>
              {asset.name} ({asset.typeLabel})
            </option>
          ))}
        </SelectField>
        <SelectField label="Event" value={event} onChange={(e) => setEvent(e.target.value as RoutingEvent)} error={errors.event}>
          {ROUTING_EVENTS.map((ev) => (
            <option key={ev} value={ev}>
              {ROUTING_EVENT_LABELS[ev]}
            </option>
          ))}
        </SelectField>
        <div className="sm:col-span-2" data-testid="postback-note">
          {event === "INCOMING_MESSAGE" ? (
            <>
              <label className="flex items-start gap-2 text-sm text-slate-800">
                <input type="checkbox" className="mt-0.5" checked={coversPostbacks} onChange={(e) => setCoversPostbacks(e.target.checked)} />
                <span>Also answer postbacks (a customer tapping one of the bot&apos;s quick-reply buttons)</span>
              </label>
              <p className="ml-6 mt-1 text-xs text-slate-500">
                {coversPostbacks
                  ? "Postbacks go to this rule unless a Postback rule of this service takes them first."
                  : "Postbacks are separate: only a Postback rule answers them. Without one, a tap lands in Unrouted and the customer reads that nobody is set up to answer."}
              </p>
            </>
          ) : event === "POSTBACK" ? (
            <p className="text-xs text-slate-500">
              Postbacks are taps on the bot&apos;s quick-reply buttons. This rule is tried before Incoming message rules that also answer postbacks.
            </p>
          ) : null}
        </div>
      </fieldset>

      <ConditionsEditor conditions={conditions} onChange={setConditions} errors={errors} />

      <fieldset className="space-y-3">
        <legend className="text-sm font-semibold text-slate-800">Action</legend>
        <div className="space-y-2">
          {RULE_ACTION_TYPES.map((type) => (
            <label key={type} className="flex items-center gap-2 text-sm text-slate-800">
              <input type="radio" name="actionType" value={type} checked={actionType === type} onChange={() => setActionType(type)} />
              {RULE_ACTION_LABELS[type]}
            </label>
          ))}
        </div>
        <div className="grid gap-4 sm:grid-cols-2">
          {usesBot ? (
            <SelectField
              label="BOT integration"
              value={botIntegrationId}
              onChange={(e) => setBot(e.target.value)}
              error={errors.botIntegrationId}
              hint={bots.length === 0 ? "Map a BOT integration to this service first." : undefined}
            >
              <option value="">Choose a BOT…</option>
              {bots.map((i) => (
                <option key={i.id} value={i.id}>
                  {i.name}
                </option>
              ))}
            </SelectField>
          ) : null}
          {usesCcsp ? (
            <SelectField
              label="CCSP integration"
              value={ccspIntegrationId}
              onChange={(e) => setCcsp(e.target.value)}
              error={errors.ccspIntegrationId}
              hint={ccsps.length === 0 ? "Map a CCSP integration to this service first." : undefined}
            >
              <option value="">Choose a CCSP…</option>
              {ccsps.map((i) => (
                <option key={i.id} value={i.id}>
                  {i.name}
                </option>
              ))}
            </SelectField>
          ) : null}
        </div>
        {actionType === "BOT_CCSP" ? (
          <div className="space-y-2">
            <label className="flex items-center gap-2 text-sm text-slate-700">
              <input type="checkbox" checked={handover} onChange={(e) => setHandover(e.target.checked)} />
              Hand customers to the CCSP while the BOT is unavailable
            </label>
            {handover ? (
              <fieldset className="ml-6 space-y-1 text-sm text-slate-700">
                <legend className="sr-only">When the BOT counts as unavailable</legend>
                <label className="flex items-start gap-2">
                  <input type="radio" name="handover-when" checked={!handoverOnFirstFailure} onChange={() => setHandoverOnFirstFailure(false)} />
                  <span>When it is made inactive (five failed deliveries in a row, or it answered 410 Gone): every customer still waiting for it goes to the CCSP</span>
                </label>
                <label className="flex items-start gap-2">
                  <input type="radio" name="handover-when" checked={handoverOnFirstFailure} onChange={() => setHandoverOnFirstFailure(true)} />
                  <span>Sooner: as soon as a customer&apos;s message fails to reach it once</span>
                </label>
              </fieldset>
            ) : null}
            <TextField
              label="What the customer reads at a handover"
              value={handoverText}
              maxLength={HANDOVER_TEXT_MAX}
              placeholder={DEFAULT_HANDOVER_TEXT}
              onChange={(e) => setHandoverText(e.target.value)}
              error={errors.handoverText}
              hint={`Shown in the chat when the bot hands over; empty shows "${DEFAULT_HANDOVER_TEXT}". The bot's own reason is for your team only and never shown to the customer.`}
            />
          </div>
        ) : null}
      </fieldset>

      {mutation.error && !shownInline ? (
        <p role="alert" className="text-sm text-red-600">
          {mutation.error.message}
        </p>
      ) : null}
      <div className="flex gap-2">
        <Button type="submit" disabled={mutation.isPending}>
          {mutation.isPending ? "Saving…" : "Save rule"}
        </Button>
        <Button type="button" variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
