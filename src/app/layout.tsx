import type { Metadata } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { TrpcProviders } from "@/lib/trpc";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Switchboard", template: "%s · Switchboard" },
  description: "Connect customer chat channels to bots and contact-centre agents.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request: its scripts carry that request's CSP nonce (src/proxy.ts),
  // which a page prerendered at build time could not.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">
        <TrpcProviders>{children}</TrpcProviders>
      </body>
    </html>
  );
}
