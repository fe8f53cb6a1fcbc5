"use client";

/**
 * A web chat channel's look (title, greeting, accent colour, initials, launcher corner), applied
 * to the hosted page and to the embed script's launcher, with a small preview. Admins edit it;
 * everyone else reads it.
 */
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { SelectField } from "@/components/forms/select-field";
import { TextAreaField } from "@/components/forms/text-area-field";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { fieldErrorsOf, useTRPC } from "@/lib/trpc";
import { LAUNCHER_POSITIONS, readableOn, type LauncherPosition, type WidgetSettings } from "@/server/channels/widget-settings";

const card = "rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200";
const POSITION_LABELS: Record<LauncherPosition, string> = { "bottom-right": "Bottom right", "bottom-left": "Bottom left" };
const HEX = /^#[0-9a-fA-F]{6}$/;

export function WidgetSettingsSection({
  id,
  widget,
  canManage,
  onSaved,
}: {
  id: string;
  widget: WidgetSettings;
  canManage: boolean;
  onSaved: () => void;
}) {
  const trpc = useTRPC();
  const [title, setTitle] = useState(widget.title);
  const [greeting, setGreeting] = useState(widget.greeting);
  const [accentColor, setAccentColor] = useState(widget.accentColor);
  const [initials, setInitials] = useState(widget.initials);
  const [launcherPosition, setLauncherPosition] = useState<LauncherPosition>(widget.launcherPosition);
  const [saved, setSaved] = useState(false);
  const save = useMutation(trpc.channel.updateWidget.mutationOptions({ onSuccess: () => (setSaved(true), onSaved()) }));
  const errors = fieldErrorsOf(save.error);
  const shownTitle = title.trim() || "Your organization";
  const colour = HEX.test(accentColor) ? accentColor : widget.accentColor;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    save.mutate({ id, title, greeting, accentColor, initials, launcherPosition });
  }

  return (
    <section aria-labelledby="widget-heading" className={card}>
      <h2 id="widget-heading" className="text-lg font-semibold">
        Chat widget
      </h2>
      <p className="mt-1 text-sm text-slate-600">How the chat looks on the hosted page and in the launcher the embed script adds to your site.</p>
      <div className="mt-4 grid gap-6 md:grid-cols-[1fr_14rem]">
        <form method="post" onSubmit={onSubmit} noValidate aria-label="Chat widget" className="space-y-4">
          <fieldset disabled={!canManage || save.isPending} className="space-y-4">
            <TextField label="Title" value={title} maxLength={60} placeholder="Your organization's name" hint="Empty: your organization's name." onChange={(e) => setTitle(e.target.value)} error={errors.title} />
            <TextAreaField
              label="Greeting"
              rows={2}
              value={greeting}
              maxLength={500}
              placeholder="Hi! How can we help?"
              hint="Shown at the start of every conversation, before the visitor writes. Empty: none."
              onChange={(e) => setGreeting(e.target.value)}
              error={errors.greeting}
              className="[&_textarea]:font-sans"
            />
            <div className="grid gap-4 sm:grid-cols-3">
              <div>
                <TextField label="Accent colour" value={accentColor} maxLength={7} placeholder="#4f46e5" hint="A hex colour." onChange={(e) => setAccentColor(e.target.value)} error={errors.accentColor} />
                <input
                  type="color"
                  aria-label="Pick the accent colour"
                  value={colour}
                  onChange={(e) => setAccentColor(e.target.value)}
                  className="mt-2 h-8 w-16 cursor-pointer rounded border border-slate-300"
                />
              </div>
              <TextField label="Avatar initials" value={initials} maxLength={2} placeholder={shownTitle.charAt(0).toUpperCase()} hint="Up to two letters." onChange={(e) => setInitials(e.target.value)} error={errors.initials} />
              <SelectField label="Launcher position" value={launcherPosition} onChange={(e) => setLauncherPosition(e.target.value as LauncherPosition)} error={errors.launcherPosition}>
                {LAUNCHER_POSITIONS.map((position) => (
                  <option key={position} value={position}>
                    {POSITION_LABELS[position]}
                  </option>
                ))}
              </SelectField>
            </div>
          </fieldset>
          {save.error && Object.keys(errors).length === 0 ? (
            <p role="alert" className="text-sm text-red-600">
              {save.error.message}
            </p>
          ) : null}
          {saved && !save.isPending ? (
            <p role="status" className="text-sm text-emerald-700">
              Saved: the hosted page shows it at the next load, the launcher within a minute.
            </p>
          ) : null}
          {canManage ? (
            <Button type="submit" disabled={save.isPending}>
              {save.isPending ? "Saving…" : "Save widget"}
            </Button>
          ) : null}
        </form>
        <div aria-hidden className="rounded-lg bg-slate-100 p-3">
          <p className="text-xs font-medium text-slate-500">Preview</p>
          <div className="mt-2 overflow-hidden rounded-lg bg-white shadow">
            <div className="flex items-center gap-2 border-b border-slate-200 px-3 py-2">
              <span style={{ backgroundColor: colour, color: readableOn(colour) }} className="flex h-7 w-7 items-center justify-center rounded-full text-xs font-bold">
                {(initials.trim() || shownTitle.charAt(0) || "?").toUpperCase()}
              </span>
              <span className="truncate text-sm font-semibold text-slate-900">{shownTitle}</span>
            </div>
            <div className="space-y-2 p-3">
              {greeting.trim() ? <p className="w-fit max-w-full rounded-xl bg-slate-100 px-2 py-1 text-xs text-slate-900">{greeting.trim()}</p> : null}
              <p style={{ backgroundColor: colour, color: readableOn(colour) }} className="ml-auto w-fit rounded-xl px-2 py-1 text-xs">
                Hello!
              </p>
            </div>
          </div>
          <div className={`mt-3 flex ${launcherPosition === "bottom-left" ? "justify-start" : "justify-end"}`}>
            <span style={{ backgroundColor: colour, color: readableOn(colour) }} className="flex h-10 w-10 items-center justify-center rounded-full text-sm font-semibold shadow">
              {(initials.trim() || shownTitle.charAt(0) || "?").toUpperCase()}
            </span>
          </div>
        </div>
      </div>
    </section>
  );
}
